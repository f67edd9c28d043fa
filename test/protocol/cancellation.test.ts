import { describe, expect, it } from 'vitest';
import { cursor, startSession } from './session';

const A = 'file:///work/a.ts';
const B = 'file:///work/b.ts';
const position = (line: number, character: number) => ({ line, character });

describe('cancellation', () => {
  // How fast the connection closes is measured by `npm run bench`, not here.
  it('$/cancelRequest closes exactly that request’s connection; others go on', async () => {
    const { client, fake } = await startSession({ fake: { behavior: { text: 'abcdefghijklmnop', tokenChars: 1, tokenDelayMs: 20 } } });
    client.open(A, 'const a = ');
    client.open(B, 'const b = ');
    fake.enqueueBehavior({ text: 'x', hold: true }); // A's stream stays open until closed
    const a = client.requestLater('textDocument/completion', { textDocument: { uri: A }, position: position(0, 10) });
    await fake.waitFor(() => fake.generationRequests().length === 1);
    const b = client.requestLater('textDocument/completion', { textDocument: { uri: B }, position: position(0, 10) });
    await fake.waitFor(() => fake.generationRequests().length === 2);
    const [reqA, reqB] = fake.generationRequests();
    expect(reqA.body.prompt).toBe('const a = ');
    await fake.waitFor(() => reqA.tokensSent >= 1);

    client.notify('$/cancelRequest', { id: a.id });
    await fake.waitFor(() => reqA.clientClosedAt !== undefined);

    const answerA = await a.response;
    expect(answerA.error).toEqual({ code: -32800, message: 'completion cancelled' });
    const answerB = await b.response;
    expect(answerB.result.items[0].textEdit.newText).toBe('abcdefghijklmnop');
    expect(reqB.clientClosedAt).toBeUndefined();
  });

  for (const provider of ['ollama', 'openai']) {
    it(`a finished answer leaves its connection to the model server for the next request (${provider})`, async () => {
      const { client, fake } = await startSession({ settings: { model: { provider } }, fake: { behavior: { text: 'done' } } });
      const uris = Array.from({ length: 6 }, (_, i) => `file:///work/c${i}.ts`);
      for (const [i, uri] of uris.entries()) {
        client.open(uri, `const c${i} = `);
        const answer = await client.request('textDocument/completion', { textDocument: { uri }, position: position(0, 11) });
        expect(answer.result.items[0].textEdit.newText).toBe("done");
      }
      expect(fake.generationRequests().every((r) => r.clientClosedAt === undefined)).toBe(true);
      // One connection, kept alive (two if the start-up check asked at the same moment); a
      // reader left at the answer's last chunk used to hold one per completion.
      expect(fake.openSockets()).toBeLessThanOrEqual(2);
    });
  }

  it('a newer completion for the same document aborts the older model request', async () => {
    const { client, fake } = await startSession({ fake: { behavior: { text: 'done' } } });
    const doc = cursor('let x = █');
    client.open(A, doc.text);
    fake.enqueueBehavior({ text: 'stale', headerDelayMs: 10_000 }); // still "loading" when the next request comes
    const first = client.requestLater('textDocument/completion', { textDocument: { uri: A }, position: position(doc.line, doc.character) });
    await fake.waitFor(() => fake.generationRequests().length === 1);
    const second = await client.request('textDocument/completion', { textDocument: { uri: A }, position: position(doc.line, doc.character) });
    expect(second.result.items[0].textEdit.newText).toBe('done');
    expect((await first.response).result).toEqual({ isIncomplete: true, items: [] });
    const [older, newer] = fake.generationRequests();
    await fake.waitFor(() => older.clientClosedAt !== undefined);
    expect(newer.clientClosedAt).toBeUndefined();
  });

  it('a burst of keystrokes costs one model request', async () => {
    const { client, fake } = await startSession({
      // Long enough that a loaded machine (the grammar's first load, a parallel test) never lets it lapse mid-burst.
      settings: { completion: { debounceMs: 1000 } },
      fake: { behavior: { text: 'Name = "infill";' } },
    });
    client.open(A, 'const user');
    const word = 'UserName';
    const pending = [];
    for (let i = 0; i < word.length; i++) {
      // Each keystroke: the change, then the request a client sends as the user types.
      client.notify('textDocument/didChange', {
        textDocument: { uri: A, version: i + 2 },
        contentChanges: [{ range: { start: position(0, 10 + i), end: position(0, 10 + i) }, text: word[i] }],
      });
      pending.push(client.request('textDocument/completion', { textDocument: { uri: A }, position: position(0, 11 + i) }));
    }
    const answers = await Promise.all(pending);
    expect(fake.generationRequests()).toHaveLength(1);
    expect(fake.generationRequests()[0].body.prompt).toBe('const userUserName');
    expect(answers.slice(0, -1).every((a) => a.result.items.length === 0 && a.result.isIncomplete)).toBe(true);
    expect(answers[answers.length - 1].result.items[0].textEdit.newText).toBe('userUserNameName = "infill";');
  });
});
