// Downloads a model file over node:http(s) (not fetch: loading Node's fetch costs about 40 ms),
// resumably: the bytes go to `<destination>.part`, which a later call continues with a Range
// request, and only a file whose sha256 matches becomes `<destination>`.
import { createHash, type Hash } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type * as Https from 'node:https';
import * as path from 'node:path';
import { sizeText } from './modelCatalog';

/** A download that failed, with a message for the user (it names the URL or the file). */
export class DownloadError extends Error {
  override name = 'DownloadError';
}

export interface DownloadProgress {
  /** Bytes in the part file, those of an earlier download included. */
  received: number;
  /** The file's size, where the server said it. */
  total: number | undefined;
}

export interface DownloadOptions {
  /** Stops the download, keeps the part file, and rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Called at most every ~100 ms while bytes arrive, and once at the end (then `total` is the size, known or not). */
  onProgress?: (progress: DownloadProgress) => void;
  /** How often a connection that drops is resumed within this call (default 3). */
  retries?: number;
}

export interface Downloaded {
  /** The file's size. */
  bytes: number;
  /** Whether bytes of an earlier call's part file were kept (the server honoured the Range). */
  resumed: boolean;
}

/** Hugging Face's /resolve/ redirects once to its CDN; a chain longer than this is a loop. */
const MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** A connection that sends nothing for this long is dropped and resumed. */
const IDLE_TIMEOUT_MS = 30_000;
const PROGRESS_INTERVAL_MS = 100;
/** Errors of a connection that was there and went away; a refused or unresolved one is not retried. */
const DROPPED = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED']);

/**
 * Downloads `url` to `destination`, resuming `<destination>.part` when there is one, and
 * retrying up to `retries` times when the connection drops. The file is renamed into place
 * only when its sha256 is `sha256`; a mismatch deletes the part. Failures reject with a
 * `DownloadError` (an abort with the signal's reason), and keep the part for the next call.
 */
export async function downloadModel(url: string, destination: string, sha256: string, options: DownloadOptions = {}): Promise<Downloaded> {
  const { signal, onProgress } = options;
  signal?.throwIfAborted();
  if (!/^https?:\/\//i.test(url) || !URL.canParse(url)) throw new DownloadError(`Cannot download ${url}: not an http:// or https:// URL.`);
  const part = await PartFile.open(`${destination}.part`, signal);
  try {
    const earlier = part.size;
    const progress = throttled(onProgress);
    let retriesLeft = options.retries ?? 3;
    for (;;) {
      try {
        const outcome = await receive(url, part, signal, progress);
        if (outcome === 'complete' || part.matches(sha256)) break; // after a 416, the part may be whole already
        await part.restart(); // a 416 for a part that is not the file (longer, or other bytes)
      } catch (e) {
        if (signal?.aborted) throw signal.reason;
        const code = (e as NodeJS.ErrnoException).code;
        if (e instanceof DownloadError || !code || !DROPPED.has(code)) throw failure(e, url);
        if (retriesLeft-- === 0) {
          const drops = (options.retries ?? 3) + 1;
          const kept = part.size > 0 ? `the ${sizeText(part.size)} received so far are kept` : 'nothing was received';
          throw new DownloadError(`The connection to ${url} dropped (${code})${drops > 1 ? `, ${drops} times` : ''}; ${kept}.`);
        }
      }
    }
    progress.final({ received: part.size, total: part.total ?? part.size });
    const actual = part.digest();
    if (actual !== sha256.toLowerCase()) {
      await part.remove();
      throw new DownloadError(`The file from ${url} is not the expected one: its sha256 is ${actual}, expected ${sha256.toLowerCase()}. The download was deleted.`);
    }
    const bytes = part.size;
    await part.moveTo(destination);
    return { bytes, resumed: earlier > 0 && part.keptEarlier };
  } finally {
    await part.close();
    // An empty part (nothing arrived) would only show up in `model list` as a download begun.
    if (part.size === 0) await fs.promises.rm(`${destination}.part`, { force: true });
  }
}

/** The sha256 of a file already there, in hex (`model pull --verify`); reading 1.6 GB takes seconds. */
export async function fileSha256(file: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file, { signal }) as AsyncIterable<Buffer>) hash.update(chunk);
  return hash.digest('hex');
}

/**
 * One request for the bytes the part lacks, written to it. 'complete' when the body ended
 * (the checksum decides whether it is right), 'whole' when the server says there are no bytes
 * after the part's (416). A connection that drops rejects with its error code.
 */
async function receive(url: string, part: PartFile, signal: AbortSignal | undefined, progress: Throttled): Promise<'complete' | 'whole'> {
  const { response, answeredBy } = await follow(url, part.size, signal);
  const status = response.statusCode ?? 0;
  if (status === 416 && part.size > 0) {
    response.resume();
    return 'whole';
  }
  if (status !== 200 && status !== 206) {
    response.resume();
    throw new DownloadError(`${answeredBy} answered HTTP ${status}${response.statusMessage ? ` ${response.statusMessage}` : ''}.`);
  }
  if (status === 200) {
    if (part.size > 0) await part.restart(); // the server ignored the Range: its body is the whole file
    part.total = contentLength(response);
  } else {
    const range = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(response.headers['content-range'] ?? '');
    if (range && Number(range[1]) !== part.size) {
      response.resume();
      throw new DownloadError(`${answeredBy} answered bytes from ${range[1]} to a request for bytes from ${part.size}.`);
    }
    const length = contentLength(response);
    part.total = range && range[2] !== '*' ? Number(range[2]) : length === undefined ? undefined : part.size + length;
  }
  for await (const chunk of response as AsyncIterable<Buffer>) {
    await part.append(chunk);
    progress.report({ received: part.size, total: part.total });
  }
  // Node rejects a body cut short of its Content-Length; without one, a short body ends like a whole one.
  if (part.total !== undefined && part.size < part.total) throw Object.assign(new Error('the body ended early'), { code: 'ECONNRESET' });
  return 'complete';
}

/** GETs `url` from byte `from`, following redirects (each hop asks for the same range). */
async function follow(url: string, from: number, signal: AbortSignal | undefined): Promise<{ response: http.IncomingMessage; answeredBy: string }> {
  let current = url;
  for (let hop = 0; ; hop++) {
    const response = await get(current, from, signal);
    const status = response.statusCode ?? 0;
    if (!REDIRECTS.has(status)) return { response, answeredBy: current };
    response.resume();
    const location = response.headers.location;
    if (!location) throw new DownloadError(`${current} answered HTTP ${status} without saying where to (no Location).`);
    if (hop === MAX_REDIRECTS) throw new DownloadError(`${url} redirected more than ${MAX_REDIRECTS} times.`);
    current = new URL(location, current).href;
  }
}

/** One GET; the abort signal and the idle timeout destroy it at any point, its body included. */
function get(url: string, from: number, signal: AbortSignal | undefined): Promise<http.IncomingMessage> {
  const target = new URL(url);
  // node:https (with tls) is loaded when a download starts, not at every start of the server.
  const client = target.protocol === 'https:' ? (require('node:https') as typeof Https) : http;
  const headers: Record<string, string> = { 'user-agent': 'infill-ls' };
  if (from > 0) headers.range = `bytes=${from}-`;
  return new Promise((resolve, reject) => {
    let response: http.IncomingMessage | undefined;
    const stop = (error: Error): void => {
      request.destroy(error);
      response?.destroy(error);
    };
    const onAbort = (): void => stop(signal?.reason instanceof Error ? signal.reason : new Error(String(signal?.reason)));
    // No keep-alive agent: a pooled socket would keep the command's process alive after the download.
    const request = client.get(target, { headers, agent: false }, (message) => {
      response = message;
      resolve(message);
    });
    // Errors after the answer reach the body's reader; this listener only keeps them from being unhandled.
    request.on('error', reject);
    request.setTimeout(IDLE_TIMEOUT_MS, () => stop(Object.assign(new Error(`nothing received for ${IDLE_TIMEOUT_MS / 1000} s`), { code: 'ETIMEDOUT' })));
    signal?.addEventListener('abort', onAbort, { once: true });
    request.once('close', () => signal?.removeEventListener('abort', onAbort));
  });
}

function contentLength(response: http.IncomingMessage): number | undefined {
  const length = Number(response.headers['content-length']);
  return Number.isFinite(length) && response.headers['content-length'] !== undefined ? length : undefined;
}

/** The user-facing error for what went wrong: socket errors name their code and the URL. */
function failure(e: unknown, url: string): Error {
  if (e instanceof DownloadError) return e;
  const code = (e as NodeJS.ErrnoException).code;
  const message = e instanceof Error ? e.message : String(e);
  return new DownloadError(code ? `Cannot connect to ${url} (${code}).` : `Cannot download ${url}: ${message}.`);
}

/**
 * The part file and the sha256 of the bytes in it: a chunk is hashed only once it was
 * written, so after a dropped connection the hash still describes the file.
 */
class PartFile {
  total: number | undefined;
  /** False once the part was started over (the earlier bytes were not kept). */
  keptEarlier = true;
  private closed = false;

  private constructor(
    private readonly file: string,
    private readonly handle: fs.promises.FileHandle,
    private hash: Hash,
    public size: number,
  ) {}

  /** Opens (or creates) the part, hashing what an earlier download left in it. */
  static async open(file: string, signal: AbortSignal | undefined): Promise<PartFile> {
    const handle = await fileOperation(file, async () => {
      await fs.promises.mkdir(path.dirname(file), { recursive: true });
      return fs.promises.open(file, 'a+');
    });
    const hash = createHash('sha256');
    let size = 0;
    try {
      for await (const chunk of handle.createReadStream({ start: 0, autoClose: false, signal }) as AsyncIterable<Buffer>) {
        hash.update(chunk);
        size += chunk.length;
      }
    } catch (e) {
      await handle.close();
      if (signal?.aborted) throw signal.reason;
      throw fileError(e, file);
    }
    return new PartFile(file, handle, hash, size);
  }

  async append(chunk: Buffer): Promise<void> {
    await fileOperation(this.file, () => this.handle.write(chunk));
    this.hash.update(chunk);
    this.size += chunk.length;
  }

  async restart(): Promise<void> {
    await fileOperation(this.file, () => this.handle.truncate(0));
    this.hash = createHash('sha256');
    this.size = 0;
    this.keptEarlier = false;
  }

  matches(sha256: string): boolean {
    return this.digest() === sha256.toLowerCase();
  }

  /** The sha256 of the bytes so far (the hash goes on). */
  digest(): string {
    return this.hash.copy().digest('hex');
  }

  async remove(): Promise<void> {
    await this.close();
    await fs.promises.rm(this.file, { force: true });
  }

  /** Renames the part into place (atomic on one file system: a reader never sees half a model). */
  async moveTo(destination: string): Promise<void> {
    await this.close();
    await fileOperation(destination, () => fs.promises.rename(this.file, destination));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.handle.close();
  }
}

async function fileOperation<T>(file: string, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (e) {
    throw fileError(e, file);
  }
}

function fileError(e: unknown, file: string): DownloadError {
  const code = (e as NodeJS.ErrnoException).code;
  const reason = code === 'ENOSPC' ? 'the disk is full' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : e instanceof Error ? e.message : String(e);
  return new DownloadError(`Cannot write ${file}: ${reason}.`);
}

interface Throttled {
  report(progress: DownloadProgress): void;
  final(progress: DownloadProgress): void;
}

/** `onProgress` at most every PROGRESS_INTERVAL_MS (a chunk arrives every few kB), and always at the end. */
function throttled(onProgress: DownloadOptions['onProgress']): Throttled {
  let last = 0;
  return {
    report(progress) {
      const now = Date.now();
      if (!onProgress || now - last < PROGRESS_INTERVAL_MS) return;
      last = now;
      onProgress(progress);
    },
    final(progress) {
      onProgress?.(progress);
    },
  };
}
