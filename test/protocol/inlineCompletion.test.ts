import { describe, expect, it } from 'vitest';
import { cursor, startSession } from './session';

const URI = 'file:///work/fib.py';
const DOC = cursor('def fib(n):\n    █\n\n\nprint(fib(10))\n');
const BODY = 'if n < 2:\n        return n\n    return fib(n - 1) + fib(n - 2)';

describe('textDocument/inlineCompletion', () => {
  it('is declared to clients that advertise it, and answers ghost text at the cursor', async () => {
    const { client, fake } = await startSession({
      capabilities: { textDocument: { inlineCompletion: { dynamicRegistration: false } } },
      settings: { completion: { debounceMs: 5000 } },
      fake: { behavior: { text: BODY } },
    });
    expect(client.received.find((m) => m.id === 1)!.result.capabilities.inlineCompletionProvider).toEqual({});
    client.open(URI, DOC.text, 'python');
    // Invoked on purpose: no debounce.
    const r = await client.request('textDocument/inlineCompletion', { textDocument: { uri: URI }, position: { line: DOC.line, character: DOC.character }, context: { triggerKind: 1 } });
    const range = { start: { line: 1, character: 4 }, end: { line: 1, character: 4 } };
    expect(r.result).toEqual({ items: [{ insertText: BODY, range }, { insertText: 'if n < 2:', range }] });
    expect(fake.generationRequests()).toHaveLength(1);
  });

  it('keeps the rest warm after a partial acceptance', async () => {
    const { client, fake } = await startSession({ fake: { behavior: { text: BODY } } });
    expect(client.received.find((m) => m.id === 1)!.result.capabilities.inlineCompletionProvider).toBeUndefined();
    client.open(URI, DOC.text, 'python');
    await client.request('textDocument/inlineCompletion', { textDocument: { uri: URI }, position: { line: 1, character: 4 }, context: { triggerKind: 2 } });
    // The user accepts the first word.
    client.notify('textDocument/didChange', { textDocument: { uri: URI, version: 2 }, contentChanges: [{ range: { start: { line: 1, character: 4 }, end: { line: 1, character: 4 } }, text: 'if ' }] });
    const r = await client.request('textDocument/inlineCompletion', { textDocument: { uri: URI }, position: { line: 1, character: 7 }, context: { triggerKind: 2 } });
    expect(r.result.items[0].insertText).toBe(BODY.slice(3));
    expect(fake.generationRequests()).toHaveLength(1);
  });
});
