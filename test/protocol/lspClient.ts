import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { frame, MessageReader, type Message } from '../lsp/wire';

export type { Message };

/** The built server, as `npm install` leaves it. */
export const SERVER_MAIN = path.resolve(__dirname, '../../dist/server/main.js');

type ServerRequestHandler = (params: any, method: string) => unknown | Promise<unknown>;

/**
 * A minimal LSP client that speaks JSON-RPC to the real server over stdio, frames
 * messages itself (so tests can also send broken ones) and records everything.
 */
export class LspClient {
  readonly process: ChildProcessWithoutNullStreams;
  readonly received: Message[] = [];
  stderr = '';
  exitCode: number | null | undefined = undefined;
  private nextId = 1;
  private readonly reader = new MessageReader();
  private pending = new Map<number | string, (m: Message) => void>();
  private waiters: Array<() => void> = [];
  /** How the client answers the server's requests, by method; unanswered when absent. */
  readonly handlers = new Map<string, ServerRequestHandler>();
  readonly exited: Promise<number | null>;

  constructor(args: string[] = ['--stdio'], env: NodeJS.ProcessEnv = {}) {
    // A state and config folder of its own: answers remembered by one test never reach another, nor the user's.
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'infill-client-'));
    this.process = spawn(process.execPath, [SERVER_MAIN, ...args], {
      env: { ...process.env, OLLAMA_HOST: '', XDG_STATE_HOME: path.join(home, 'state'), XDG_CONFIG_HOME: path.join(home, 'config'), XDG_CACHE_HOME: path.join(home, 'cache'), ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.process.stdout.on('data', (chunk: Buffer) => this.onData(chunk));
    this.process.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve) =>
      this.process.on('exit', (code) => {
        this.exitCode = code;
        this.wake();
        resolve(code);
      }),
    );
  }

  request<R = any>(method: string, params?: unknown): Promise<Message & { result?: R }> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  /** Sends a request and returns its id without waiting (for cancellation tests). */
  requestLater<R = any>(method: string, params?: unknown): { id: number; response: Promise<Message & { result?: R }> } {
    const id = this.nextId;
    return { id, response: this.request<R>(method, params) };
  }

  notify(method: string, params?: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  send(message: object): void {
    this.writeRaw(JSON.stringify(message));
  }

  /** Writes one framed body as given: may be malformed JSON on purpose. */
  writeRaw(body: string): void {
    this.process.stdin.write(frame(body));
  }

  notifications(method: string): Message[] {
    return this.received.filter((m) => m.method === method && m.id === undefined);
  }

  /** Resolves once `predicate` holds, re-checked on every message; rejects after `timeoutMs`. */
  waitFor(predicate: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    if (predicate()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== check);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; stderr: ${this.stderr}`));
      }, timeoutMs);
      const check = () => {
        if (!predicate()) return;
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== check);
        resolve();
      };
      this.waiters.push(check);
    });
  }

  /** `params`: more initialize parameters, e.g. `workspaceFolders`. */
  async initialize(capabilities: object = {}, initializationOptions?: unknown, clientInfo = { name: 'infill-test', version: '1' }, params: object = {}) {
    const response = await this.request('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities,
      initializationOptions: withoutStartupCheck(initializationOptions),
      clientInfo,
      ...params,
    });
    this.notify('initialized', {});
    return response;
  }

  open(uri: string, text: string, languageId = 'typescript', version = 1): void {
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  /** Ends the session politely: shutdown, exit, and waits for the process. */
  async stop(): Promise<number | null> {
    if (this.exitCode === undefined) {
      await this.request('shutdown');
      this.notify('exit');
    }
    return this.exited;
  }

  kill(): void {
    if (this.exitCode === undefined) this.process.kill();
  }

  private onData(chunk: Buffer): void {
    for (const message of this.reader.push(chunk)) {
      this.received.push(message);
      this.dispatch(message);
      this.wake();
    }
  }

  private dispatch(message: Message): void {
    if (message.id !== undefined && message.method === undefined) {
      this.pending.get(message.id)?.(message);
      this.pending.delete(message.id);
      return;
    }
    if (message.id !== undefined && message.method) {
      const handler = this.handlers.get(message.method);
      if (!handler) return; // like a client that never answers
      void Promise.resolve(handler(message.params, message.method)).then(
        (result) => this.send({ jsonrpc: '2.0', id: message.id, result: result ?? null }),
        (e: Error) => this.send({ jsonrpc: '2.0', id: message.id, error: { code: -32603, message: e.message } }),
      );
    }
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }
}

/** Applies LSP text edits (UTF-16 positions) to a text, as an editor would. */
export function applyEdits(
  text: string,
  edits: Array<{ range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }>,
): string {
  const offsetOf = (p: { line: number; character: number }) => {
    let offset = 0;
    for (let line = 0; line < p.line; line++) offset = text.indexOf('\n', offset) + 1;
    return offset + p.character;
  };
  const sorted = [...edits].sort((a, b) => offsetOf(b.range.start) - offsetOf(a.range.start));
  for (const e of sorted) text = text.slice(0, offsetOf(e.range.start)) + e.newText + text.slice(offsetOf(e.range.end));
  return text;
}

/**
 * Tests turn the server's check at start off unless they set it: its messages would
 * race the ones a test waits for.
 */
function withoutStartupCheck(options: unknown): unknown {
  const o = (options ?? {}) as Record<string, any>;
  const section = 'infill' in o ? o.infill : o;
  const startup = { checkModels: false, ...section?.startup };
  return 'infill' in o ? { ...o, infill: { ...section, startup } } : { ...o, startup };
}
