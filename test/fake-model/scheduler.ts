// Model residency and generation slots, as Ollama's scheduler behaves from the outside:
// models start unloaded, the first request pays the load, keep_alive decides when they go,
// and at most `parallel` requests per model generate while the rest wait (headers delayed).
import { performance } from 'node:perf_hooks';
import { sleep } from './requestContext';

export interface SchedulerOptions {
  parallel?: number;
  maxQueue?: number;
  loadDelayMs?: number;
}

export type Admission = 'ok' | 'busy' | 'aborted';

export const DEFAULT_KEEP_ALIVE_MS = 5 * 60_000;
/** Go's MaxInt64 duration is about 292 years: "forever" in /api/ps. */
const FOREVER_MS = 290 * 365 * 24 * 3600_000;

export class Scheduler {
  private readonly active = new Map<string, number>();
  private readonly waiting = new Map<string, Array<() => void>>();
  private readonly expiresAt = new Map<string, number>();
  private readonly loads = new Map<string, Promise<void>>();
  /** Aborted by dispose(), so a pending load timer does not outlive the server. */
  private readonly lifetime = new AbortController();

  constructor(private readonly opts: SchedulerOptions) {}

  /** Waits for a generation slot of `key`; 'busy' when the queue is full, 'aborted' when the client left while waiting. */
  acquire(key: string, signal: AbortSignal): Promise<Admission> {
    const limit = this.opts.parallel;
    const queue = this.waiting.get(key) ?? [];
    if (!limit || (this.count(key) < limit && queue.length === 0)) {
      this.active.set(key, this.count(key) + 1);
      return Promise.resolve('ok');
    }
    if (this.opts.maxQueue !== undefined && queue.length >= this.opts.maxQueue) return Promise.resolve('busy');
    if (signal.aborted) return Promise.resolve('aborted');
    return new Promise((resolve) => {
      const admit = (): void => {
        signal.removeEventListener('abort', onAbort);
        this.active.set(key, this.count(key) + 1);
        resolve('ok');
      };
      // A cancelled waiter leaves the queue, so it never takes the slot.
      const onAbort = (): void => {
        const at = queue.indexOf(admit);
        if (at >= 0) queue.splice(at, 1);
        resolve('aborted');
      };
      queue.push(admit);
      this.waiting.set(key, queue);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Frees the slot, hands it to the next waiter, then applies keep_alive (ms; undefined = default; 0 = unload). */
  release(key: string, keepAliveMs: number | undefined): void {
    this.active.set(key, Math.max(0, this.count(key) - 1));
    const next = this.waiting.get(key)?.shift();
    if (next) next();
    this.keep(key, keepAliveMs);
  }

  /**
   * Loads the model if it is not resident; returns how long this request waited for the load (ms),
   * or undefined when the client left meanwhile. Concurrent requests share one load.
   */
  async ensureLoaded(key: string, signal: AbortSignal): Promise<number | undefined> {
    if (this.isLoaded(key)) return 0;
    const started = performance.now();
    let load = this.loads.get(key);
    if (!load) {
      load = sleep(this.opts.loadDelayMs ?? 0, this.lifetime.signal).then(() => {
        this.loads.delete(key);
        this.expiresAt.set(key, Date.now() + DEFAULT_KEEP_ALIVE_MS);
      });
      this.loads.set(key, load);
    }
    const aborted = new Promise<false>((resolve) => {
      if (signal.aborted) resolve(false);
      signal.addEventListener('abort', () => resolve(false), { once: true });
    });
    const done = await Promise.race([load.then(() => true), aborted]);
    return done ? performance.now() - started : undefined;
  }

  /** Restarts the expiry timer (every request does); 0 unloads once no request is using the model. */
  keep(key: string, keepAliveMs: number | undefined): void {
    if (keepAliveMs === 0) {
      if (this.count(key) === 0) this.expiresAt.delete(key);
      return;
    }
    const ms = keepAliveMs === undefined ? DEFAULT_KEEP_ALIVE_MS : keepAliveMs < 0 ? FOREVER_MS : Math.min(keepAliveMs, FOREVER_MS);
    this.expiresAt.set(key, Date.now() + ms);
  }

  dispose(): void {
    this.lifetime.abort();
  }

  unload(key: string): void {
    this.expiresAt.delete(key);
  }

  isLoaded(key: string): boolean {
    if (this.count(key) > 0 && this.expiresAt.has(key)) return true;
    const at = this.expiresAt.get(key);
    return at !== undefined && at > Date.now();
  }

  /** Resident models and when they expire (epoch ms), for /api/ps. */
  loaded(): Array<{ key: string; expiresAt: number }> {
    return [...this.expiresAt.keys()].filter((key) => this.isLoaded(key)).map((key) => ({ key, expiresAt: this.expiresAt.get(key)! }));
  }

  private count(key: string): number {
    return this.active.get(key) ?? 0;
  }
}

/**
 * keep_alive as Ollama reads it: a number of seconds or a Go duration string; negative means forever.
 * Returns milliseconds (-1 for forever), undefined when absent, or an error message.
 */
export function parseKeepAlive(value: unknown): { ms?: number; error?: string } {
  if (value === undefined || value === null) return {};
  if (typeof value === 'number') return { ms: value < 0 ? -1 : value * 1000 };
  if (typeof value !== 'string') {
    return { error: `json: cannot unmarshal ${Array.isArray(value) ? 'array' : typeof value} into Go value of type api.Duration` };
  }
  const ms = parseGoDuration(value);
  if (ms === undefined) {
    const missingUnit = /^[+-]?\d+(\.\d*)?$/.test(value) && Number(value) !== 0;
    return { error: `time: ${missingUnit ? 'missing unit in' : 'invalid'} duration "${value}"` };
  }
  return { ms: ms < 0 ? -1 : ms };
}

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

function parseGoDuration(text: string): number | undefined {
  const match = /^([+-]?)(.*)$/.exec(text)!;
  const sign = match[1] === '-' ? -1 : 1;
  const rest = match[2]!;
  if (rest === '0') return 0;
  if (rest === '') return undefined;
  let total = 0;
  let consumed = 0;
  for (const part of rest.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/g)) {
    if (part.index !== consumed) return undefined;
    total += Number(part[1]) * UNIT_MS[part[2]!]!;
    consumed += part[0].length;
  }
  return consumed === rest.length ? sign * total : undefined;
}
