/**
 * The built infill-ls, spoken to as helix-lsp/src/transport.rs and client.rs speak to a
 * server: numeric ids from 0, one frame per message, messages before initialization held
 * back, a timeout on every request, and a record of every message with its time.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ServerCapabilities } from 'vscode-languageserver';
import { frame, MessageReader, type Message } from '../lsp/wire';
import { SERVER_MAIN } from '../protocol/lspClient';
import type { LanguageServer, Outcome } from './languageServer';

export interface Traffic {
  at: number;
  message: Message;
  /** Which write to stdin carried it (sent messages only): messages written together share it. */
  write?: number;
}

export class ProcessServer implements LanguageServer {
  readonly process: ChildProcessWithoutNullStreams;
  readonly sent: Traffic[] = [];
  readonly received: Traffic[] = [];
  capabilities: ServerCapabilities = {};
  onMessage?: (message: Message) => void;
  stderr = '';
  exitCode: number | null | undefined = undefined;
  exitSignal: NodeJS.Signals | null = null;
  readonly exited: Promise<number | null>;
  /** transport.rs `is_pending`: until `initialized` went out, only initialize and initialized are written. */
  private pendingInit = true;
  private held: Message[] = [];
  /** client.rs `next_request_id`: an AtomicU64 from 0, so initialize is id 0. */
  private nextId = 0;
  private readonly waiting = new Map<number | string, (m: Message) => void>();
  private readonly reader = new MessageReader();
  private watchers: Array<() => void> = [];
  private writes = 0;
  /** Set when shutdown is written (master's transport then answers server requests with null). */
  shutdownWritten = false;
  answerNullAfterShutdown = false;

  constructor(
    readonly name: string,
    options: { cwd: string; env?: NodeJS.ProcessEnv },
  ) {
    // Like test/protocol/lspClient.ts: a state and config folder of its own, and no OLLAMA_HOST from the machine.
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'infill-helix-'));
    // client.rs `start`: the command runs in the workspace root, stdio piped, killed when dropped.
    this.process = spawn(process.execPath, [SERVER_MAIN, '--stdio'], {
      cwd: options.cwd,
      env: { ...process.env, OLLAMA_HOST: '', XDG_STATE_HOME: path.join(home, 'state'), XDG_CONFIG_HOME: path.join(home, 'config'), XDG_CACHE_HOME: path.join(home, 'cache'), ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.process.stdout.on('data', (chunk: Buffer) => this.onData(chunk));
    this.process.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.process.stdin.on('error', () => {}); // writes after the server exited
    this.exited = new Promise((resolve) =>
      this.process.on('exit', (code, signal) => {
        fs.rmSync(home, { recursive: true, force: true });
        this.exitCode = code;
        this.exitSignal = signal;
        this.wake();
        resolve(code);
      }),
    );
  }

  /** client.rs `call_with_timeout`: the answer, an error, or a timeout after `timeoutMs` (whose late answer is dropped). */
  request(method: string, params?: unknown, timeoutMs = 20_000): Promise<Outcome> {
    const id = this.nextId++;
    const started = performance.now();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        resolve({ timedOut: true, ms: performance.now() - started });
      }, timeoutMs);
      this.waiting.set(id, (m) => {
        clearTimeout(timer);
        resolve({ result: m.result, error: m.error, ms: performance.now() - started });
      });
      this.write(message(method, params, id));
    });
  }

  notify(method: string, params?: unknown): void {
    this.write(message(method, params));
  }

  reply(id: number | string, answer: { result: unknown } | { error: { code: number; message: string } }): void {
    this.writeNow({ jsonrpc: '2.0', id, ...answer });
  }

  /** transport.rs: after the initialize_notify, the held requests are written (held notifications were dropped already). */
  initializedSent(): void {
    this.pendingInit = false;
    for (const m of this.held.splice(0)) this.writeNow(m);
  }

  /** Several messages in one write to stdin (master's shutdown and exit, written back to back). */
  writeTogether(messages: Message[]): void {
    const write = ++this.writes;
    const at = performance.now();
    for (const m of messages) this.sent.push({ at, message: m, write });
    this.process.stdin.write(Buffer.concat(messages.map((m) => frame(JSON.stringify(m)))));
  }

  /** The next request id, for a message written by writeTogether. */
  takeId(): number {
    return this.nextId++;
  }

  /** Resolves once `predicate` holds (re-checked on every message and on exit). */
  waitFor(predicate: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    if (predicate()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!predicate()) return;
        clearTimeout(timer);
        this.watchers = this.watchers.filter((w) => w !== check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.watchers = this.watchers.filter((w) => w !== check);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; stderr: ${this.stderr}`));
      }, timeoutMs);
      this.watchers.push(check);
    });
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    if (this.exitCode === undefined) this.process.kill(signal);
  }

  private write(m: Message): void {
    // transport.rs `send`: before initialization, notifications are dropped and requests held.
    if (this.pendingInit && m.method !== 'initialize' && m.method !== 'initialized') {
      if (m.id !== undefined) this.held.push(m);
      return;
    }
    this.writeNow(m);
  }

  private writeNow(m: Message): void {
    if (m.method === 'shutdown') this.shutdownWritten = true;
    this.sent.push({ at: performance.now(), message: m, write: ++this.writes });
    // transport.rs `send_string_to_server`: header and body, flushed per message.
    if (this.exitCode === undefined) this.process.stdin.write(frame(JSON.stringify(m)));
  }

  private onData(chunk: Buffer): void {
    for (const m of this.reader.push(chunk)) {
      this.received.push({ at: performance.now(), message: m });
      if (m.id !== undefined && m.method === undefined) {
        this.waiting.get(m.id)?.(m);
        this.waiting.delete(m.id);
      } else if (m.id !== undefined && this.shutdownWritten && this.answerNullAfterShutdown) {
        // master transport.rs: "After helix sends shutdown ... Respond with null success".
        this.reply(m.id, { result: null });
      } else {
        this.onMessage?.(m);
      }
      this.wake();
    }
  }

  private wake(): void {
    for (const w of [...this.watchers]) w();
  }
}

/** jsonrpc.rs: `params` is left out when there are none (Params::None), e.g. shutdown and exit. */
function message(method: string, params: unknown, id?: number): Message {
  return { jsonrpc: '2.0', method, ...(params === undefined ? {} : { params }), ...(id === undefined ? {} : { id }) };
}

export { message as jsonrpcMessage };
