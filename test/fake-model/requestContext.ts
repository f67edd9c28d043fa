// One HTTP exchange: the recorded request, the response, and a signal that fires when the
// connection goes away before the response ended. Routes only write through this; the small
// readers at the end turn loosely typed body fields into values.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Behavior, FakeModelOptions, Flavor, RecordedRequest } from './behavior';
import type { ModelCatalog } from './modelCatalog';
import type { Scheduler } from './scheduler';

/** What the routes need from the server. */
export interface RouteEnv {
  readonly flavor: Flavor;
  readonly options: FakeModelOptions;
  readonly catalog: ModelCatalog;
  readonly scheduler: Scheduler;
  /** The behaviour for a request that is about to generate: the next queued one, else the default. */
  takeBehavior(): Behavior;
  isLoading(): boolean;
}

export const JSON_TYPE = 'application/json; charset=utf-8';
export const TEXT_TYPE = 'text/plain; charset=utf-8';

export class RequestContext {
  private readonly closeController = new AbortController();
  private ended = false;
  private destroyedByServer = false;

  /**
   * @param onChange called whenever something a test may wait for happened (headers, tokens).
   * @param onClientClosed called once when the client closed the connection before the response ended.
   */
  constructor(
    readonly rec: RecordedRequest,
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    private readonly onChange: () => void,
    onClientClosed: () => void,
    onFinished: () => void,
  ) {
    res.on('finish', () => {
      this.ended = true;
      rec.finishedAt = performance.now();
      onFinished();
    });
    // 'close' before 'finish' means the connection went away under us.
    res.on('close', () => {
      if (!this.ended && !this.destroyedByServer && rec.clientClosedAt === undefined) {
        rec.clientClosedAt = performance.now();
        this.closeController.abort();
        onClientClosed();
      } else {
        this.closeController.abort();
      }
    });
  }

  /** Aborted when the connection closed (client or server side) before the response ended. */
  get signal(): AbortSignal {
    return this.closeController.signal;
  }

  get closed(): boolean {
    return this.closeController.signal.aborted;
  }

  get headersSent(): boolean {
    return this.res.headersSent;
  }

  /** writeHead that records when. Node sends the headers with the first body write unless flushed. */
  writeHead(status: number, headers: Record<string, string | number>): void {
    if (this.res.headersSent || this.closed) return;
    this.res.writeHead(status, headers);
    this.rec.headersSentAt = performance.now();
    this.onChange();
  }

  countTokens(n: number): void {
    if (n <= 0) return;
    this.rec.tokensSent += n;
    this.onChange();
  }

  sendBody(status: number, contentType: string, body: string, extraHeaders: Record<string, string> = {}): void {
    if (this.closed || this.res.headersSent) return;
    const bytes = Buffer.from(body, 'utf8');
    this.writeHead(status, { 'Content-Type': contentType, 'Content-Length': bytes.length, ...extraHeaders });
    this.res.end(this.req.method === 'HEAD' ? undefined : bytes);
  }

  sendJson(status: number, value: unknown): void {
    this.sendBody(status, JSON_TYPE, JSON.stringify(value));
  }

  sendText(status: number, text: string, contentType = TEXT_TYPE): void {
    this.sendBody(status, contentType, text);
  }

  /** Ends a streamed response. */
  end(): void {
    if (!this.closed) this.res.end();
  }

  /** Kills the connection abruptly (no terminating chunk), as a crashing server would. */
  destroy(): void {
    if (this.closed) return;
    this.destroyedByServer = true;
    this.rec.destroyedAt = performance.now();
    this.res.socket?.destroy();
  }

  /** Resolves when the connection closes (used by `hold`). */
  untilClosed(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => this.signal.addEventListener('abort', () => resolve(), { once: true }));
  }
}

/** Sleeps; resolves false (early) when the signal aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  if (ms <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** A request body field's JSON type, in Go's words (for decoder error messages). */
export function goJsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'boolean') return 'bool';
  return typeof value; // string, number, object
}

/** Best-effort imitation of Go's encoding/json syntax error for a body JSON.parse rejected. */
export function goSyntaxError(raw: string): string {
  const trimmed = raw.trim();
  try {
    JSON.parse(raw);
    return '';
  } catch {
    // Truncated input is the common case (a body cut short): Go says "unexpected EOF".
    const open = (trimmed.match(/[[{]/g) ?? []).length;
    const close = (trimmed.match(/[\]}]/g) ?? []).length;
    if (open > close) return 'unexpected EOF';
    return `invalid character '${trimmed[0] ?? ' '}' looking for beginning of value`;
  }
}

export type Handler = (ctx: RequestContext, env: RouteEnv) => void | Promise<void>;
/** path → method → handler; a known path with another method is a 405 (or the flavour's equivalent). */
export type RouteTable = Record<string, Partial<Record<string, Handler>>>;

/** A string field, or '' when absent or of another type. */
export function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** An object field, or {} when absent or of another type. */
export function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** `stop` as sent: a string, a string[], or missing. Other shapes yield undefined (the caller rejects them). */
export function stopList(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((s) => typeof s === 'string')) return value as string[];
  return undefined;
}

/** A number from the body when it is one, else undefined. */
export function numberField(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
