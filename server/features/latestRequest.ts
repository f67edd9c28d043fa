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
  /** Resolves when the document changes while this request is pending: its answer would be for text the user no longer has. */
  readonly documentChanged: Promise<void>;
  /**
   * Lets the request's model work run on after the request was answered (the document
   * changed under it): a later request at the same cursor, after the user typed what the
   * model is writing, waits for it instead of asking the model again.
   */
  keepWorking(at: { text: string; offset: number }, work: Promise<unknown>, written: () => string): void;
  end(): void;
}

/** Model work left running after its request was answered. */
interface Background {
  text: string;
  offset: number;
  work: Promise<unknown>;
  /** What the model has written so far. */
  written: () => string;
  controller: AbortController;
}

/**
 * At most one completion request per document in flight: a newer one aborts the older,
 * and with it the older one's model connection; the client's cancellation aborts it too.
 * A request whose document changed is answered at once (Helix waits for it before it asks
 * again, and never cancels); its model work goes on in the background for the next request.
 */
export class LatestRequests {
  private readonly inFlight = new Map<string, { controller: AbortController; changed: () => void }>();
  private readonly background = new Map<string, Background>();

  /** Starts the request for `uri`, superseding any earlier one. */
  begin(uri: string, token: CancellationToken): LatestRequest {
    this.supersede(uri, 'a newer completion request for this document');
    const controller = new AbortController();
    let changed!: () => void;
    const documentChanged = new Promise<void>((resolve) => (changed = resolve));
    const entry = { controller, changed };
    this.inFlight.set(uri, entry);
    const onCancel = token.onCancellationRequested(() => controller.abort(new Superseded('cancelled by the client')));
    return {
      signal: controller.signal,
      debounce: (ms) => abortableDelay(ms, controller.signal),
      documentChanged,
      keepWorking: (at, work, written) => {
        this.abortBackground(uri, 'newer work for this document');
        const kept: Background = { ...at, work, written, controller };
        this.background.set(uri, kept);
        void work.finally(() => {
          if (this.background.get(uri) === kept) this.background.delete(uri);
        });
      },
      end: () => {
        onCancel.dispose();
        if (this.inFlight.get(uri) === entry) this.inFlight.delete(uri);
      },
    };
  }

  /** The document changed: a request pending for it is to be answered now. */
  documentChanged(uri: string): void {
    this.inFlight.get(uri)?.changed();
  }

  /**
   * The model work running in the background for `uri` that a request at `offset` of
   * `text` can use: the document is the one it was started for with text typed at its
   * cursor, and the model has written that text so far (or the start of it). Work that
   * cannot be used is aborted.
   */
  usableWork(uri: string, text: string, offset: number): Promise<unknown> | undefined {
    const kept = this.background.get(uri);
    if (!kept) return undefined;
    const typed = offset - kept.offset;
    const atCursor =
      typed >= 0 &&
      text.length - kept.text.length === typed &&
      text.startsWith(kept.text.slice(0, kept.offset)) &&
      text.slice(offset) === kept.text.slice(kept.offset);
    const written = kept.written();
    const typedText = text.slice(kept.offset, offset);
    if (atCursor && (written.startsWith(typedText) || typedText.startsWith(written))) return kept.work;
    this.abortBackground(uri, 'the user typed something else');
    return undefined;
  }

  /** Aborts the request in flight for `uri`, if any (answered another way, e.g. from the cache). */
  supersede(uri: string, why: string): void {
    this.inFlight.get(uri)?.controller.abort(new Superseded(why));
  }

  /** Aborts all work for a document (it was closed). */
  forget(uri: string): void {
    this.supersede(uri, 'the document was closed');
    this.abortBackground(uri, 'the document was closed');
  }

  /** How many documents have a request in flight. */
  get size(): number {
    return this.inFlight.size;
  }

  /** Aborts every request in flight and all background work (shutdown). */
  abortAll(why: string): void {
    for (const { controller } of [...this.inFlight.values(), ...this.background.values()]) controller.abort(new Superseded(why));
    this.inFlight.clear();
    this.background.clear();
  }

  private abortBackground(uri: string, why: string): void {
    this.background.get(uri)?.controller.abort(new Superseded(why));
    this.background.delete(uri);
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

/** Waits for `work` to settle (either way), or rejects when `signal` aborts first. */
export function settledOrAborted(work: Promise<unknown>, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    void work.then(
      () => resolve(),
      () => resolve(),
    ).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
