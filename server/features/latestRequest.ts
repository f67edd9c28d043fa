import type { CancellationToken } from 'vscode-languageserver';

/** Why a request stopped early without an answer: a newer one, the cache, the client, shutdown. */
export class Superseded extends Error {
  override name = 'AbortError';
}

/** One document's request while it runs: abort it through `signal`; `end` when done. */
export interface LatestRequest {
  readonly signal: AbortSignal;
  /** Waits `ms` (a burst of keystrokes sends a burst of requests: only the last reaches the model); rejects once superseded. */
  debounce(ms: number): Promise<void>;
  end(): void;
}

/**
 * At most one completion request per document in flight: a newer one aborts the older,
 * and with it the older one's model connection. The client's cancellation aborts it too.
 */
export class LatestRequests {
  private readonly inFlight = new Map<string, AbortController>();

  /** Starts the request for `uri`, superseding any earlier one. */
  begin(uri: string, token: CancellationToken): LatestRequest {
    this.supersede(uri, 'a newer completion request for this document');
    const controller = new AbortController();
    this.inFlight.set(uri, controller);
    const onCancel = token.onCancellationRequested(() => controller.abort(new Superseded('cancelled by the client')));
    return {
      signal: controller.signal,
      debounce: (ms) => abortableDelay(ms, controller.signal),
      end: () => {
        onCancel.dispose();
        if (this.inFlight.get(uri) === controller) this.inFlight.delete(uri);
      },
    };
  }

  /** Aborts the request in flight for `uri`, if any (answered another way, e.g. from the cache). */
  supersede(uri: string, why: string): void {
    this.inFlight.get(uri)?.abort(new Superseded(why));
  }

  /** How many documents have a request in flight. */
  get size(): number {
    return this.inFlight.size;
  }

  /** Aborts every request in flight (shutdown). */
  abortAll(why: string): void {
    for (const c of this.inFlight.values()) c.abort(new Superseded(why));
    this.inFlight.clear();
  }
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason);
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
