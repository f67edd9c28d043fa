import { describe, expect, it } from 'vitest';
import { closedPort, type Failure } from '../fake-model';
import type { LspClient } from './lspClient';
import { startSession } from './session';

const URI = 'file:///work/a.py';

async function completeTwice(client: LspClient) {
  client.open(URI, 'def f():\n    \n\nprint(f())\n', 'python');
  const results = [];
  for (let i = 0; i < 2; i++) {
    const r = await client.request('textDocument/completion', { textDocument: { uri: URI }, position: { line: 1, character: 4 } });
    expect(r.error).toBeUndefined();
    results.push(r.result);
  }
  return results;
}

function shownMessages(client: LspClient): string[] {
  return client.notifications('window/showMessage').map((m) => m.params.message);
}

describe('model failures: an empty result, and one message that says what to do', () => {
  it('Ollama is not running', async () => {
    const port = await closedPort();
    const { client } = await startSession({ settings: { model: { endpoint: `http://127.0.0.1:${port}` } } });
    expect(await completeTwice(client)).toEqual([{ isIncomplete: true, items: [] }, { isIncomplete: true, items: [] }]);
    await client.waitFor(() => shownMessages(client).length > 0, 'showMessage');
    expect(shownMessages(client)).toEqual([
      `infill-ls: Cannot reach Ollama at http://127.0.0.1:${port} (ECONNREFUSED). Start Ollama with: ollama serve  (or set infill.model.endpoint to where it runs)`,
    ]);
    expect(client.notifications('window/showMessage')[0].params.type).toBe(1);
  });

  const cases: Array<[string, Failure | 'noInsert' | 'slow', (url: string) => string]> = [
    [
      'the model is not pulled (404)',
      { type: 'status', status: 404 },
      (url) =>
        `infill-ls: The model "qwen2.5-coder:1.5b-base" is not installed in Ollama at ${url}. Run: ollama pull qwen2.5-coder:1.5b-base  (or set infill.model.name to a model you have)`,
    ],
    [
      'a server error before the first token',
      { type: 'status', status: 500, body: '{"error":"model runner has unexpectedly stopped"}', contentType: 'application/json' },
      (url) => `infill-ls: Ollama at ${url} failed (500: model runner has unexpectedly stopped). See the Ollama server log.`,
    ],
    [
      'an error in the middle of the stream',
      { type: 'midStreamError', afterTokens: 2, message: 'an error was encountered while running the model' },
      (url) => `infill-ls: Ollama at ${url} reported an error while generating: an error was encountered while running the model`,
    ],
    [
      'a dropped connection',
      { type: 'destroy', afterTokens: 2 },
      (url) => `infill-ls: Ollama at ${url} closed the connection in the middle of a completion.`,
    ],
    [
      'a stream that ends without done',
      { type: 'eofWithoutDone', afterTokens: 2 },
      (url) => `infill-ls: Ollama at ${url} ended a completion stream before it was complete.`,
    ],
    [
      'garbage instead of NDJSON',
      { type: 'garbage', body: '<html><body>Welcome to nginx!</body></html>', contentType: 'text/html' },
      (url) => `infill-ls: ${url} sent an answer that is not Ollama's streaming JSON. Check that infill.model.endpoint points at Ollama.`,
    ],
    [
      'an endpoint that is not Ollama (404 page not found)',
      { type: 'status', status: 404, body: '404 page not found', contentType: 'text/plain' },
      (url) =>
        `infill-ls: ${url} answered 404 for /api/generate: it does not look like an Ollama server. Check infill.model.endpoint (or OLLAMA_HOST).`,
    ],
    [
      'a model that cannot fill in the middle',
      'noInsert',
      () =>
        `infill-ls: The model "mystery-model:7b" cannot fill in the middle (Ollama: "registry.ollama.ai/library/mystery-model:7b does not support insert"). Use a code model with insert support, e.g. ollama pull qwen2.5-coder:1.5b-base, and set infill.model.name.`,
    ],
    [
      'a first token slower than the timeout',
      'slow',
      (url) =>
        `infill-ls: The model (ollama qwen2.5-coder:1.5b-base at ${url}) did not answer within 500 ms; it may still be loading. Raise infill.completion.timeoutMs if this keeps happening.`,
    ],
  ];

  it.each(cases)('%s', async (_name, failure, expected) => {
    const { client, fake } = await startSession({
      // Only the slow case may time out; the others get time to fail as they should even on a busy machine.
      settings: {
        completion: { timeoutMs: failure === 'slow' ? 500 : 10_000 },
        ...(failure === 'noInsert' ? { model: { name: 'mystery-model:7b' } } : {}),
      },
      fake:
        failure === 'noInsert'
          ? { models: [{ name: 'mystery-model:7b', capabilities: ['completion'] }] }
          : { behavior: failure === 'slow' ? { text: 'late', headerDelayMs: 5000 } : { text: 'abcdefgh', tokenChars: 2, fail: failure } },
    });
    expect(await completeTwice(client)).toEqual([{ isIncomplete: true, items: [] }, { isIncomplete: true, items: [] }]);
    await client.waitFor(() => shownMessages(client).length > 0, 'showMessage');
    expect(shownMessages(client)).toEqual([expected(fake.url)]);
    if (failure === 'slow') {
      // The abandoned request's connection is closed so it does not hold Ollama's only slot.
      await fake.waitFor(() => fake.generationRequests().every((r) => r.clientClosedAt !== undefined));
    }
  });

  it('says it again after the model worked in between', async () => {
    const { client, fake } = await startSession({ fake: { behavior: { text: 'ok' } } });
    client.open(URI, 'x = ', 'python');
    const ask = () => client.request('textDocument/completion', { textDocument: { uri: URI }, position: { line: 0, character: 4 } });
    fake.enqueueBehavior({ fail: { type: 'status', status: 500, body: '{"error":"boom"}', contentType: 'application/json' } });
    await ask();
    expect((await ask()).result.items[0].textEdit.newText).toBe('ok');
    // Another position, so the answer is not served from the cache.
    client.notify('textDocument/didChange', { textDocument: { uri: URI, version: 2 }, contentChanges: [{ text: 'y = ' }] });
    fake.enqueueBehavior({ fail: { type: 'status', status: 500, body: '{"error":"boom"}', contentType: 'application/json' } });
    await ask();
    await client.waitFor(() => shownMessages(client).length === 2, 'two messages');
    expect(shownMessages(client)).toEqual([
      `infill-ls: Ollama at ${fake.url} failed (500: boom). See the Ollama server log.`,
      `infill-ls: Ollama at ${fake.url} failed (500: boom). See the Ollama server log.`,
    ]);
  });
});

describe('the check at start', () => {
  it('reports a missing model soon after start, once, before any completion', async () => {
    const { client, fake } = await startSession({
      settings: { model: { name: 'codellama:7b-code' }, startup: { checkModels: true } },
    });
    await client.waitFor(() => shownMessages(client).length > 0, 'the check at start', 10_000);
    expect(shownMessages(client)).toEqual([
      `infill-ls: codellama:7b-code is not installed (installed: qwen2.5-coder:1.5b-base) (fix: OLLAMA_HOST=${fake.url} ollama pull codellama:7b-code)`,
    ]);
    expect(fake.generationRequests()).toEqual([]);
    // The completion that then fails the same way says nothing more.
    client.open(URI, 'def f():\n    \n', 'python');
    await client.request('textDocument/completion', { textDocument: { uri: URI }, position: { line: 1, character: 4 } });
    expect(fake.generationRequests()).toHaveLength(1);
    expect(shownMessages(client)).toHaveLength(1);
  });
});
