// HTTP probes for the doctor. Every outcome is data, a status and body or the reason nothing
// answered, so a check never throws and never waits longer than its timeout.
import { errorMessageOf } from '../models/httpErrors';
import { httpFetch } from '../models/httpFetch';

export type Probe =
  | { reached: true; status: number; text: string; json: unknown }
  | { reached: false; reason: string };

export interface ProbeOptions {
  method?: 'GET' | 'POST';
  /** Sent as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

/** Long enough for a busy server, short enough that a dead address does not stall the doctor. */
export const PROBE_TIMEOUT_MS = 5000;

export async function probe(url: string, options: ProbeOptions = {}): Promise<Probe> {
  const timeoutMs = options.timeoutMs ?? PROBE_TIMEOUT_MS;
  try {
    const response = await httpFetch(url, {
      method: options.method ?? 'GET',
      headers: { ...(options.body === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      // Covers reading the body too: a server that sends headers and then stalls is caught.
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    return { reached: true, status: response.status, text, json: parseJson(text) };
  } catch (e) {
    return { reached: false, reason: reasonOf(e, timeoutMs) };
  }
}

/** `404: model 'x' not found`: the status and the server's own message, short. */
export function describeAnswer(p: { status: number; text: string }): string {
  const message = errorMessageOf(p.text).replace(/\s+/g, ' ');
  return `${p.status}: ${message.length > 120 ? `${message.slice(0, 117)}...` : message}`;
}

/** Why fetch got no answer: the socket error code (ECONNREFUSED, ENOTFOUND) when there is one. */
function reasonOf(e: unknown, timeoutMs: number): string {
  const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  return err?.cause?.code ?? err?.cause?.message ?? err?.message ?? String(e);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A string field of a JSON object, if it is one. */
export function stringField(json: unknown, key: string): string | undefined {
  const value = typeof json === 'object' && json !== null ? (json as Record<string, unknown>)[key] : undefined;
  return typeof value === 'string' ? value : undefined;
}
