// NDJSON and SSE frames, written the awkward ways real servers and proxies write them:
// split at arbitrary byte offsets (inside JSON, inside multi-byte UTF-8), or several per write.
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { RequestContext } from './requestContext';

export type Framing = 'ndjson' | 'sse';

export interface FrameWriterOptions {
  framing: Framing;
  headers: Record<string, string | number>;
  splitBytes?: number | 'random';
  coalesce?: boolean;
  crlf?: boolean;
  omitFinalNewline?: boolean;
  /** Seeds the 'random' split so a failing test reproduces. */
  seed: number;
}

interface Frame {
  text: string;
  tokens: number;
}

export class FrameWriter {
  private pending: Frame[] = [];
  private readonly random: () => number;
  private readonly eol: string;

  constructor(
    private readonly ctx: RequestContext,
    private readonly opts: FrameWriterOptions,
  ) {
    this.random = mulberry32(opts.seed);
    this.eol = opts.crlf ? '\r\n' : '\n';
  }

  /** Sends the headers now rather than with the first frame (llama.cpp-style early headers). */
  openNow(): void {
    this.ctx.writeHead(200, this.opts.headers);
    if (!this.ctx.closed) this.ctx.res.flushHeaders();
  }

  /** One JSON frame; `tokens` content tokens are counted once it is on the wire. */
  object(value: unknown, tokens = 0, last = false): Promise<void> {
    return this.raw(JSON.stringify(value), tokens, last);
  }

  /** One frame with a literal payload: an NDJSON line, or an SSE `data:` payload. */
  raw(payload: string, tokens = 0, last = false): Promise<void> {
    if (this.opts.framing === 'ndjson') {
      return this.add({ text: payload + (last && this.opts.omitFinalNewline ? '' : '\n'), tokens });
    }
    const end = last && this.opts.omitFinalNewline ? this.eol : this.eol + this.eol;
    return this.add({ text: `data: ${payload}${end}`, tokens });
  }

  /** An SSE comment, which clients must ignore (llama.cpp --sse-ping-interval). */
  ping(): Promise<void> {
    return this.add({ text: `: ping${this.eol}${this.eol}`, tokens: 0 });
  }

  /** A body written whole (non-streamed answers), still subject to byte splitting. */
  body(text: string, tokens = 0): Promise<void> {
    return this.add({ text, tokens });
  }

  /** Writes everything buffered by `coalesce`; called before every pause and at the end. */
  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const frames = this.pending;
    this.pending = [];
    await this.writeBytes(Buffer.from(frames.map((f) => f.text).join(''), 'utf8'));
    if (!this.ctx.closed) this.ctx.countTokens(frames.reduce((n, f) => n + f.tokens, 0));
  }

  async end(): Promise<void> {
    await this.flush();
    this.ctx.writeHead(200, this.opts.headers);
    this.ctx.end();
  }

  private add(frame: Frame): Promise<void> {
    this.pending.push(frame);
    return this.opts.coalesce ? Promise.resolve() : this.flush();
  }

  private async writeBytes(bytes: Buffer): Promise<void> {
    this.ctx.writeHead(200, this.opts.headers);
    const split = this.opts.splitBytes;
    if (!split) {
      await this.write(bytes);
      return;
    }
    for (let offset = 0; offset < bytes.length && !this.ctx.closed; ) {
      const size = split === 'random' ? 1 + Math.floor(this.random() * 7) : Math.max(1, split);
      await this.write(bytes.subarray(offset, offset + size));
      offset += size;
      // Let the event loop poll the sockets so the client reads each piece separately.
      await nextTurn();
    }
  }

  /** Resolves once the bytes are handed to the kernel, or the connection is gone. */
  private write(chunk: Buffer): Promise<void> {
    const { ctx } = this;
    if (ctx.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const onAbort = (): void => resolve();
      ctx.signal.addEventListener('abort', onAbort, { once: true });
      ctx.res.write(chunk, () => {
        ctx.signal.removeEventListener('abort', onAbort);
        resolve();
      });
    });
  }
}

/** Small seeded PRNG (mulberry32). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
