// A small LSP client over stdio (Content-Length framing) for the built server (or another one: table 9).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { frame, MessageReader, type Message } from '../test/lsp/wire';

export type { Message };

/** The built server, beside dist/bench. */
export const SERVER_MAIN = path.resolve(__dirname, '../server/main.js');

/** A response and when it arrived (performance.now(), read as soon as it was framed). */
export interface Timed {
  message: Message;
  at: number;
}

/** A language server to start: node with these arguments and environment. */
export interface ServerCommand {
  args: string[];
  env: NodeJS.ProcessEnv;
}

export class LspClient {
  readonly process: ChildProcessWithoutNullStreams;
  stderr = '';
  /** window/logMessage errors and warnings (type 1, 2): a grammar that failed to load shows here. */
  readonly problems: string[] = [];
  private nextId = 1;
  private readonly reader = new MessageReader();
  private pending = new Map<number | string, (t: Timed) => void>();
  private readonly exited: Promise<void>;

  constructor(command: ServerCommand = infillLs()) {
    this.process = spawn(process.execPath, command.args, { env: command.env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.process.stdout.on('data', (chunk: Buffer) => this.onData(chunk));
    this.process.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve) =>
      this.process.on('exit', (code) => {
        for (const reject of this.pending.values()) reject({ message: { jsonrpc: '2.0', error: { code: -1, message: `server exited (${code}): ${this.stderr}` } }, at: performance.now() });
        this.pending.clear();
        resolve();
      }),
    );
  }

  get pid(): number {
    return this.process.pid!;
  }

  /** Sends a request now; `response` resolves with the answer and its arrival time. */
  send(method: string, params?: unknown): { id: number; sentAt: number; response: Promise<Timed> } {
    const id = this.nextId++;
    const response = new Promise<Timed>((resolve) => this.pending.set(id, resolve));
    const sentAt = performance.now();
    this.write({ jsonrpc: '2.0', id, method, params });
    return { id, sentAt, response };
  }

  async request(method: string, params?: unknown): Promise<Message> {
    const { message } = await this.send(method, params).response;
    if (message.error) throw new Error(`${method} failed: ${message.error.message}`);
    return message;
  }

  notify(method: string, params?: unknown): void {
    this.write({ jsonrpc: '2.0', method, params });
  }

  async stop(): Promise<void> {
    await this.request('shutdown');
    this.notify('exit');
    await this.exited;
  }

  private write(message: object): void {
    this.process.stdin.write(frame(JSON.stringify(message)));
  }

  private onData(chunk: Buffer): void {
    const at = performance.now();
    for (const message of this.reader.push(chunk)) this.dispatch(message, at);
  }

  private dispatch(message: Message, at: number): void {
    if (message.id !== undefined && message.method === undefined) {
      this.pending.get(message.id)?.({ message, at });
      this.pending.delete(message.id);
    } else if (message.method === 'window/logMessage' && message.params?.type <= 2) {
      this.problems.push(String(message.params.message));
    } else if (message.id !== undefined) {
      // A request from the server (configuration, progress): answer like a plain editor.
      const items = message.method === 'workspace/configuration' ? message.params?.items : undefined;
      this.write({ jsonrpc: '2.0', id: message.id, result: Array.isArray(items) ? items.map(() => null) : null });
    }
  }
}

/** The built server, as the tables start it. */
function infillLs(): ServerCommand {
  // INFILL_BENCH_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=prof") profiles the server under the benchmark's load.
  const nodeArgs = process.env.INFILL_BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  // INFILL_BENCH_SERVER_ARGS (e.g. "--log-file server.log") for a look at what the server did.
  const serverArgs = process.env.INFILL_BENCH_SERVER_ARGS?.split(' ').filter(Boolean) ?? [];
  return { args: [...nodeArgs, SERVER_MAIN, '--stdio', ...serverArgs], env: { ...process.env, OLLAMA_HOST: '' } };
}
