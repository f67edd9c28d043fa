// The built server pointed at the fake model, with timed completions and memory readings.
import * as fs from 'node:fs';
import type { FakeModelServer, RecordedRequest } from '../test/fake-model';
import type { Slot } from './corpus';
import { LspClient } from './lspClient';

export interface CompletionTiming {
  /** Request sent to response read, at the client. */
  roundTripMs: number;
  /** performance.now() when the answer was read. */
  answeredAt: number;
  /** The model's part: the fake's receivedAt to its finishedAt (or to the client closing the stream). */
  modelMs: number;
  /** roundTripMs - modelMs: what the server itself (and the pipe) cost. */
  serverMs: number;
  /** The generating request this completion made, if any. */
  model?: RecordedRequest;
  items: number;
}

export interface Memory {
  rssMb: number;
  peakMb: number;
}

export class BenchSession {
  private versions = new Map<string, number>();

  private constructor(
    readonly client: LspClient,
    readonly fake: FakeModelServer,
  ) {}

  static async start(fake: FakeModelServer): Promise<BenchSession> {
    const client = new LspClient();
    await client.request('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: {},
      initializationOptions: { infill: { model: { endpoint: fake.url }, completion: { debounceMs: 0 }, log: { level: process.env.INFILL_BENCH_LOG_LEVEL ?? 'info' } } },
      clientInfo: { name: 'infill-bench', version: '1' },
    });
    client.notify('initialized', {});
    return new BenchSession(client, fake);
  }

  open(uri: string, languageId: string, text: string): void {
    this.versions.set(uri, 1);
    this.client.notify('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  }

  /** Replaces the range (same line) with `text`, as one incremental change. */
  change(uri: string, line: number, from: number, to: number, text: string): void {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    this.client.notify('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line, character: from }, end: { line, character: to } }, text }],
    });
  }

  close(uri: string): void {
    this.versions.delete(uri);
    this.client.notify('textDocument/didClose', { textDocument: { uri } });
  }

  /** Starts a completion without waiting (for cancellation). */
  startCompletion(uri: string, at: Slot): ReturnType<LspClient['send']> {
    return this.client.send('textDocument/completion', {
      textDocument: { uri },
      position: { line: at.line, character: at.character },
      context: { triggerKind: 1 },
    });
  }

  async complete(uri: string, at: Slot): Promise<CompletionTiming> {
    const before = this.fake.generationRequests().length;
    const { sentAt, response } = this.startCompletion(uri, at);
    const { message, at: receivedAt } = await response;
    if (message.error) throw new Error(`completion failed: ${message.error.message}`);
    const roundTripMs = receivedAt - sentAt;
    const asked = this.fake.generationRequests().slice(before);
    if (asked.length > 1) throw new Error(`one completion made ${asked.length} model requests`);
    const model = asked[0];
    let modelMs = 0;
    if (model) {
      // A stream the server stopped early shows its close a moment after the answer.
      await this.fake.waitFor(() => model.finishedAt !== undefined || model.clientClosedAt !== undefined, 2000);
      modelMs = (model.finishedAt ?? model.clientClosedAt!) - model.receivedAt;
    }
    return { roundTripMs, answeredAt: receivedAt, modelMs, serverMs: roundTripMs - modelMs, model, items: message.result?.items?.length ?? 0 };
  }

  /** The server process's resident and peak memory (Linux /proc). */
  memory(): Memory | undefined {
    return processMemory(this.client.pid);
  }

  /** Stops the server; its logged errors and warnings go to stderr, as they may explain the numbers. */
  async stop(): Promise<void> {
    await this.client.stop();
    for (const p of new Set(this.client.problems)) console.error(`server log: ${p}`);
  }
}

/** A process's resident and peak memory (Linux /proc); undefined where there is no /proc. */
export function processMemory(pid: number): Memory | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
    return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}
