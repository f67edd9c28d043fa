import { describe, expect, it } from 'vitest';
import type { CancellationToken } from 'vscode-languageserver';
import { LatestRequests, Superseded, abortableDelay, settledOrAborted } from '../../server/features/latestRequest';

/** A client's cancellation token that the test cancels by hand. */
function clientToken(): { token: CancellationToken; cancel: () => void; listeners: () => number } {
  let listeners: Array<() => void> = [];
  const token = {
    isCancellationRequested: false,
    onCancellationRequested: (listener: () => void) => {
      listeners.push(listener);
      return { dispose: () => (listeners = listeners.filter((l) => l !== listener)) };
    },
  } as unknown as CancellationToken;
  return { token, cancel: () => listeners.forEach((l) => l()), listeners: () => listeners.length };
}

describe('LatestRequests: one completion request per document', () => {
  it('a newer request for the same document aborts the older, not another document\'s', () => {
    const requests = new LatestRequests();
    const first = requests.begin('file:///a', clientToken().token);
    const other = requests.begin('file:///b', clientToken().token);
    const second = requests.begin('file:///a', clientToken().token);
    expect(first.signal.aborted).toBe(true);
    expect(first.signal.reason).toBeInstanceOf(Superseded);
    expect((first.signal.reason as Error).message).toBe('a newer completion request for this document');
    expect((first.signal.reason as Error).name).toBe('AbortError');
    expect(second.signal.aborted).toBe(false);
    expect(other.signal.aborted).toBe(false);
    expect(requests.size).toBe(2);
  });

  it("the client's cancellation aborts it; ending it lets go of the token and of the slot", () => {
    const requests = new LatestRequests();
    const client = clientToken();
    const request = requests.begin('file:///a', client.token);
    expect(client.listeners()).toBe(1);
    client.cancel();
    expect((request.signal.reason as Error).message).toBe('cancelled by the client');
    request.end();
    expect(client.listeners()).toBe(0);
    expect(requests.size).toBe(0);
  });

  it("an older request ending does not free the newer one's slot", () => {
    const requests = new LatestRequests();
    const older = requests.begin('file:///a', clientToken().token);
    const newer = requests.begin('file:///a', clientToken().token);
    older.end();
    expect(requests.size).toBe(1);
    requests.supersede('file:///a', 'served from the cache');
    expect((newer.signal.reason as Error).message).toBe('served from the cache');
  });

  it('abortAll aborts every document with the reason given', () => {
    const requests = new LatestRequests();
    const a = requests.begin('file:///a', clientToken().token);
    const b = requests.begin('file:///b', clientToken().token);
    requests.abortAll('the server is shutting down');
    expect([a, b].map((r) => (r.signal.reason as Error).message)).toEqual(['the server is shutting down', 'the server is shutting down']);
    expect(requests.size).toBe(0);
  });

  it('the debounce waits, and a newer request ends the wait at once', async () => {
    const requests = new LatestRequests();
    const first = requests.begin('file:///a', clientToken().token);
    const waiting = first.debounce(60_000);
    requests.begin('file:///a', clientToken().token);
    await expect(waiting).rejects.toThrow('a newer completion request for this document');
  });
});

describe('abortableDelay', () => {
  it('resolves after the time, at once for 0, and rejects when already aborted', async () => {
    const controller = new AbortController();
    const started = Date.now();
    await abortableDelay(20, controller.signal);
    expect(Date.now() - started).toBeGreaterThanOrEqual(15);
    await expect(abortableDelay(0, controller.signal)).resolves.toBeUndefined();
    controller.abort(new Superseded('gone'));
    await expect(abortableDelay(0, controller.signal)).rejects.toThrow('gone');
  });
});

describe('LatestRequests: a request whose document changed', () => {
  const at = { text: 'x = |\n'.replace('|', ''), offset: 4 };

  it('learns of the change, and its work, kept running, serves a request after the user typed what the model wrote', async () => {
    const requests = new LatestRequests();
    const request = requests.begin('file:///a', clientToken().token);
    let changed = false;
    void request.documentChanged.then(() => (changed = true));
    requests.documentChanged('file:///b');
    await Promise.resolve();
    expect(changed).toBe(false);
    requests.documentChanged('file:///a');
    await Promise.resolve();
    expect(changed).toBe(true);

    let finish!: () => void;
    const work = new Promise<void>((resolve) => (finish = resolve));
    request.keepWorking(at, work, () => 'compu');
    request.end();
    // Typed "co" at the cursor, and the model has written "compu" so far: usable.
    expect(requests.usableWork('file:///a', 'x = co\n', 6)).toBe(work);
    // The model's text so far is shorter than what was typed, and its start: still usable.
    expect(requests.usableWork('file:///a', 'x = computer\n', 12)).toBe(work);
    finish();
    await work;
    await Promise.resolve();
    expect(requests.usableWork('file:///a', 'x = co\n', 6)).toBeUndefined(); // done: the cache has it now
  });

  it('aborts work the new request cannot use: other text typed, elsewhere, or text changed after the cursor', () => {
    const cases: Array<[string, number]> = [
      ['x = zz\n', 6], // typed what the model did not write
      ['y = \n', 4], // changed before the cursor
      ['x = co\n', 5], // the cursor is not after what was typed
      ['x = \nmore', 4], // changed after the cursor
    ];
    for (const [text, offset] of cases) {
      const requests = new LatestRequests();
      const request = requests.begin('file:///a', clientToken().token);
      const controllerSignal = request.signal;
      request.keepWorking(at, new Promise(() => {}), () => 'compute');
      request.end();
      expect(requests.usableWork('file:///a', text, offset), text).toBeUndefined();
      expect((controllerSignal.reason as Error).message, text).toBe('the user typed something else');
      expect(requests.usableWork('file:///a', 'x = co\n', 6), text).toBeUndefined(); // gone
    }
  });

  it('closing the document or shutting down aborts kept work; newer kept work replaces older', () => {
    const requests = new LatestRequests();
    const first = requests.begin('file:///a', clientToken().token);
    first.keepWorking(at, new Promise(() => {}), () => '');
    first.end();
    const second = requests.begin('file:///a', clientToken().token);
    expect(first.signal.aborted).toBe(false); // a new request alone does not stop it
    second.keepWorking(at, new Promise(() => {}), () => '');
    expect((first.signal.reason as Error).message).toBe('newer work for this document');
    second.end();
    requests.forget('file:///a');
    expect((second.signal.reason as Error).message).toBe('the document was closed');
    const third = requests.begin('file:///b', clientToken().token);
    third.keepWorking(at, new Promise(() => {}), () => '');
    requests.abortAll('the server is shutting down');
    expect((third.signal.reason as Error).message).toBe('the server is shutting down');
  });
});

describe('settledOrAborted', () => {
  it('resolves when the work settles either way, rejects when aborted first', async () => {
    const controller = new AbortController();
    await expect(settledOrAborted(Promise.reject(new Error('model down')), controller.signal)).resolves.toBeUndefined();
    await expect(settledOrAborted(Promise.resolve('x'), controller.signal)).resolves.toBeUndefined();
    const pending = settledOrAborted(new Promise(() => {}), controller.signal);
    controller.abort(new Superseded('newer'));
    await expect(pending).rejects.toThrow('newer');
    await expect(settledOrAborted(Promise.resolve(), controller.signal)).rejects.toThrow('newer');
  });
});
