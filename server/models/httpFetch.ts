import * as http from 'node:http';
import type * as Https from 'node:https';

/** What the backends pass to `fetch`: the subset of `RequestInit` they use. */
export interface HttpRequestInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal | null;
  /** Called once the request is handed to the OS in full (or failed before). */
  onSent?: () => void;
}

/** A reader over a body, shaped like a web stream's reader (ollama-js and `readSseData` call `getReader()`). */
export interface BodyReader {
  read(): Promise<{ done: false; value: Uint8Array } | { done: true; value: undefined }>;
  releaseLock(): void;
  cancel(): Promise<void>;
}

/** The part of fetch's `Response` the backends read. */
export interface HttpResponse {
  readonly ok: boolean;
  readonly status: number;
  readonly statusText: string;
  readonly headers: { get(name: string): string | null };
  readonly body: { getReader(): BodyReader };
  text(): Promise<string>;
  json(): Promise<unknown>;
}

/**
 * `fetch` over node:http, for the model backends. Node's own fetch loads undici on first use
 * (about 40 ms of a cold start) and costs about 1.5 ms more per request than node:http
 * (`npm run bench`, table 4). Failures take fetch's shapes, so callers classify them one way:
 * no connection rejects with `TypeError('fetch failed', { cause })` (cause has the socket
 * error's `code`), a body cut off rejects the read with `TypeError('terminated', { cause })`,
 * and an abort rejects with the signal's reason at any point.
 */
export function httpFetch(url: string | URL, init: HttpRequestInit = {}): Promise<HttpResponse> {
  const signal = init.signal ?? undefined;
  if (signal?.aborted) return Promise.reject(signal.reason);
  const target = typeof url === 'string' ? new URL(url) : url;
  // node:https (with tls and crypto) is loaded for the first https endpoint, not at every start.
  const client = target.protocol === 'https:' ? (require('node:https') as typeof Https) : http;
  const headers = headerRecord(init.headers);
  const body = init.body === undefined ? undefined : Buffer.from(init.body);
  if (body) headers['content-length'] = String(body.length);
  return new Promise<HttpResponse>((resolve, reject) => {
    const onAbort = (): void => {
      current.destroy();
      reject(signal?.reason);
    };
    const send = (retry: boolean): http.ClientRequest => {
      let answered = false;
      const request = client.request(target, { method: init.method ?? 'GET', headers }, (message) => {
        answered = true;
        signal?.removeEventListener('abort', onAbort);
        resolve(new NodeResponse(message, request, signal));
      });
      request.on('error', (error: NodeJS.ErrnoException) => {
        if (answered || signal?.aborted) return;
        // A kept-alive connection the server closed as this request went out: Node's documented
        // remedy is one retry on a new connection.
        if (retry && request.reusedSocket && error.code === 'ECONNRESET') {
          current = send(false);
          return;
        }
        signal?.removeEventListener('abort', onAbort);
        reject(new TypeError('fetch failed', { cause: error }));
      });
      request.end(body);
      if (init.onSent) {
        const onSent = init.onSent;
        let told = false;
        const tell = (): void => {
          if (!told) onSent();
          told = true;
        };
        request.once('finish', tell);
        request.once('error', tell);
        request.once('close', tell);
      }
      return request;
    };
    let current = send(true);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function headerRecord(headers: HttpRequestInit['headers']): Record<string, string> {
  // A plain object only: touching the global `Headers` would load undici after all.
  const record: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) record[name.toLowerCase()] = value;
  return record;
}

class NodeResponse implements HttpResponse {
  readonly ok: boolean;
  readonly status: number;
  readonly statusText: string;
  readonly headers: { get(name: string): string | null };
  readonly body: { getReader(): BodyReader };

  constructor(
    message: http.IncomingMessage,
    request: http.ClientRequest,
    signal: AbortSignal | undefined,
  ) {
    this.status = message.statusCode ?? 0;
    this.ok = this.status >= 200 && this.status < 300;
    this.statusText = message.statusMessage ?? '';
    this.headers = { get: (name) => headerValue(message.headers[name.toLowerCase()]) };
    // Made at once, so an abort before the first read still closes the connection.
    const reader = new MessageReader(message, request, signal);
    this.body = { getReader: () => reader };
  }

  async text(): Promise<string> {
    const reader = this.body.getReader();
    const decoder = new TextDecoder();
    let text = '';
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) return text + decoder.decode();
      text += decoder.decode(chunk.value, { stream: true });
    }
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text()) as unknown;
  }
}

function headerValue(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * Hands out a response's chunks one `read()` at a time. The body is not paused between reads:
 * a reader left before the end (ollama-js stops at the chunk that says `done`, an SSE reader
 * at `[DONE]`) would keep the socket to itself, and each answer would leave a connection open
 * to the model server, never reused. Read on, the body ends and its connection goes back to
 * the agent for the next request. Model answers are small; a reader that wants no more of an
 * unfinished body cancels it (or aborts), which closes the connection.
 */
class MessageReader implements BodyReader {
  private readonly chunks: Buffer[] = [];
  private ended = false;
  private failure: unknown;
  private waiting: { resolve: () => void } | undefined;

  constructor(
    message: http.IncomingMessage,
    private readonly request: http.ClientRequest,
    private readonly signal: AbortSignal | undefined,
  ) {
    message.on('data', (chunk: Buffer) => {
      this.chunks.push(chunk);
      this.wake();
    });
    message.on('end', () => {
      this.ended = true;
      this.wake();
    });
    // 'aborted'/'close' before 'end': the server closed the connection mid-body.
    message.on('close', () => {
      if (!this.ended) this.fail(new TypeError('terminated', { cause: Object.assign(new Error('the connection closed before the answer ended'), { code: 'ECONNRESET' }) }));
    });
    message.on('error', (error) => this.fail(new TypeError('terminated', { cause: error })));
    signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  private readonly onAbort = (): void => {
    this.fail(this.signal?.reason);
    this.request.destroy();
  };

  private fail(error: unknown): void {
    if (this.failure === undefined && !this.ended) this.failure = error ?? new Error('aborted');
    this.wake();
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.resolve();
  }

  async read(): Promise<{ done: false; value: Uint8Array } | { done: true; value: undefined }> {
    for (;;) {
      const chunk = this.chunks.shift();
      if (chunk) return { done: false, value: chunk };
      if (this.failure !== undefined) throw this.failure;
      if (this.ended) {
        this.signal?.removeEventListener('abort', this.onAbort);
        return { done: true, value: undefined };
      }
      await new Promise<void>((resolve) => (this.waiting = { resolve }));
    }
  }

  releaseLock(): void {
    // One reader per response; nothing to release.
  }

  async cancel(): Promise<void> {
    this.signal?.removeEventListener('abort', this.onAbort);
    this.request.destroy();
  }
}
