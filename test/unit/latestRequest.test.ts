import { describe, expect, it } from 'vitest';
import type { CancellationToken } from 'vscode-languageserver';
import { LatestRequests, Superseded, abortableDelay } from '../../server/features/latestRequest';

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
