// The built server with the model inside it (node-llama-cpp and a tiny random GGUF made
// here), `provider: "auto"` choosing between Ollama and it, and the offer to download a model
// when there is neither. The random model's text means nothing: these check the plumbing.
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { closedPort, FakeModelServer } from '../fake-model';
import { writeTinyGguf } from '../fake-model/tinyGguf';
import { LspClient, type Message } from './lspClient';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'infill-embedded-server-'));
const TINY = path.join(dir, 'tiny.gguf');
writeTinyGguf(TINY, { endOfGeneration: 'never' });
const URI = 'file:///work/notes.txt';

const clients: LspClient[] = [];
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.kill();
  for (const close of closers.splice(0)) await close();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function server(model: Record<string, unknown>, options: { env?: NodeJS.ProcessEnv; capabilities?: object; completion?: object; handlers?: Record<string, (params: any) => unknown> } = {}): Promise<LspClient> {
  const client = new LspClient(['--stdio'], { XDG_CACHE_HOME: path.join(dir, `cache-${clients.length}`), ...options.env });
  clients.push(client);
  for (const [method, handler] of Object.entries(options.handlers ?? {})) client.handlers.set(method, handler);
  await client.initialize(options.capabilities ?? {}, {
    infill: { model: { embedded: { threads: 1, contextSize: 512 }, ...model }, completion: { debounceMs: 0, temperature: 0, ...options.completion }, log: { level: 'debug' } },
  });
  return client;
}

/** Sends a completion without waiting, so a test can cancel it or ask something else meanwhile. */
let nextId = 1000;
function startCompletion(client: LspClient, line = 0, character = 6): { id: number; response: Promise<Message> } {
  const id = nextId++;
  client.send({ jsonrpc: '2.0', id, method: 'textDocument/completion', params: { textDocument: { uri: URI }, position: { line, character }, context: { triggerKind: 1 } } });
  const response = (async () => {
    await client.waitFor(() => client.received.some((m) => m.id === id && m.method === undefined), `response ${id}`, 30_000);
    return client.received.find((m) => m.id === id && m.method === undefined)!;
  })();
  return { id, response };
}

function logs(client: LspClient): string[] {
  return client.notifications('window/logMessage').map((m) => m.params.message as string);
}

describe('the embedded backend in the server', () => {
  it('serves completions from the model inside the server, and cancels one mid-generation', async () => {
    const client = await server({ provider: 'embedded', path: TINY }, { completion: { maxTokens: 24 } });
    client.open(URI, 'notes: \nmore notes\n', 'plaintext');
    const first = await startCompletion(client).response;
    expect(first.error).toBeUndefined();
    expect(first.result.items).toHaveLength(1);
    expect(first.result.items[0].textEdit.newText.length).toBeGreaterThan(0);
    expect(logs(client)).toContain(`model: embedded qwen2.5-coder:1.5b-base (${TINY})`);

    // A long answer (the tiny model never ends on its own), cancelled: the error comes at once
    // and the next completion is served by the same model.
    client.notify('workspace/didChangeConfiguration', {
      settings: { infill: { model: { provider: 'embedded', path: TINY, embedded: { threads: 1, contextSize: 512 } }, completion: { debounceMs: 0, temperature: 0, maxTokens: 8192 } } },
    });
    client.notify('textDocument/didChange', { textDocument: { uri: URI, version: 2 }, contentChanges: [{ text: 'notes: \nmore\n' }] });
    const long = startCompletion(client);
    // The server answers other requests while the model generates (it runs off the event loop).
    const actions = await client.request('textDocument/codeAction', { textDocument: { uri: URI }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [] } });
    expect(actions.error).toBeUndefined();
    expect(client.received.some((m) => m.id === long.id)).toBe(false);
    client.notify('$/cancelRequest', { id: long.id });
    const cancelled = await long.response;
    expect(cancelled.error?.code).toBe(-32800);
    client.notify('workspace/didChangeConfiguration', {
      settings: { infill: { model: { provider: 'embedded', path: TINY, embedded: { threads: 1, contextSize: 512 } }, completion: { debounceMs: 0, temperature: 0, maxTokens: 16 } } },
    });
    client.notify('textDocument/didChange', { textDocument: { uri: URI, version: 3 }, contentChanges: [{ text: 'notes: \nmore notes\n' }] });
    const again = await startCompletion(client).response;
    expect(again.result.items).toHaveLength(1);
    expect(client.notifications('window/showMessage')).toEqual([]);
  }, 60_000);

  it('runs Implement through the embedded model: each attempt generates, and what never passes is not applied', async () => {
    // A model that ends every answer at once: each attempt's body is empty, so both fail the same way.
    const empty = path.join(dir, 'empty.gguf');
    writeTinyGguf(empty, { endOfGeneration: 'immediately' });
    const client = await server({ provider: 'embedded', path: empty }, {
      capabilities: { textDocument: { codeAction: { resolveSupport: { properties: ['edit'] }, dataSupport: true } } },
    });
    client.notify('workspace/didChangeConfiguration', {
      settings: { infill: { model: { provider: 'embedded', path: empty, embedded: { threads: 1, contextSize: 512 } }, actions: { maxAttempts: 2, maxTokens: 24 } } },
    });
    const uri = 'file:///work/cart.py';
    const stub = 'class Cart:\n    def total(self):\n        pass\n';
    client.open(uri, stub, 'python');
    const listed = await client.request('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, context: { diagnostics: [] } });
    const [action] = listed.result;
    expect(action.title).toBe('Implement total');
    const resolved = await client.request('codeAction/resolve', action);
    expect(resolved.result).toEqual(action);
    expect(client.notifications('window/showMessage').map((m) => m.params.message)).toEqual([
      'infill-ls: could not implement total after 2 attempts: the answer has no code for the body. The stub is unchanged.',
    ]);
  }, 60_000);

  it('says what to do when the model file is missing', async () => {
    const missing = path.join(dir, 'missing.gguf');
    const client = await server({ provider: 'embedded', path: missing });
    client.open(URI, 'notes: \n', 'plaintext');
    const answer = await startCompletion(client).response;
    expect(answer.result).toEqual({ isIncomplete: true, items: [] });
    await client.waitFor(() => client.notifications('window/showMessage').length > 0, 'showMessage');
    expect(client.notifications('window/showMessage').map((m) => m.params.message)).toEqual([
      `infill-ls: The embedded model file ${missing} is not there. Fix: set infill.model.path to a GGUF file that exists`,
    ]);
  });
});

describe('provider "auto"', () => {
  it('uses Ollama when it answers', async () => {
    const fake = await FakeModelServer.start({ behavior: { text: 'done' } });
    closers.push(() => fake.close());
    const client = await server({ provider: 'auto', endpoint: fake.url, path: TINY });
    client.open(URI, 'notes: \n', 'plaintext');
    const answer = await startCompletion(client).response;
    expect(answer.result.items[0].textEdit.newText).toBe('done');
    expect(fake.generationRequests()).toHaveLength(1);
    expect(logs(client)).toContain(`auto: Ollama answers at ${fake.url}: using Ollama`);
  });

  it("asks Ollama for the model's template at start, so the first completion sends only its request", async () => {
    const fake = await FakeModelServer.start({ behavior: { text: 'done' } });
    closers.push(() => fake.close());
    const client = await server({ provider: 'auto', endpoint: fake.url, path: TINY });
    // Waited for on the fake's side: the lookup may come after the server's last message, which
    // is when a wait on the client would look again. On a failure, what the server said.
    await fake.waitFor(() => fake.requests.some((r) => r.path === '/api/show'), 10_000).catch((e: Error) => {
      throw new Error(`${e.message}; the server said: ${logs(client).join(' | ')}`);
    });
    expect(fake.requests.map((r) => `${r.method} ${r.path} ${r.body?.model ?? ''}`)).toEqual(['GET /api/version ', 'POST /api/show qwen2.5-coder:1.5b-base']);
    client.open(URI, 'notes: \n', 'plaintext');
    const answer = await startCompletion(client).response;
    expect(answer.result.items[0].textEdit.newText).toBe('done');
    expect(fake.requests.slice(2).map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/generate']);
  });

  it('uses the embedded model when no Ollama answers and its file is there', async () => {
    const port = await closedPort();
    const client = await server({ provider: 'auto', endpoint: `http://127.0.0.1:${port}`, path: TINY }, { completion: { maxTokens: 8 } });
    client.open(URI, 'notes: \n', 'plaintext');
    const answer = await startCompletion(client).response;
    expect(answer.result.items).toHaveLength(1);
    expect(logs(client)).toContain(`auto: Ollama does not answer at http://127.0.0.1:${port} (ECONNREFUSED); the embedded model ${TINY} is there: using the embedded model`);
  });
});

describe('the offer to download a model', () => {
  const QUESTION = {
    type: 3,
    message: 'Download qwen2.5-coder 1.5B (1.6 GB) to run the model inside infill-ls?',
    actions: [{ title: 'Download' }, { title: 'Use Ollama instead' }],
  };

  it('asks once when neither Ollama nor the file is there; "Use Ollama instead" downloads nothing', async () => {
    const port = await closedPort();
    const cache = path.join(dir, 'offer-ollama');
    const asked: unknown[] = [];
    const client = await server(
      { endpoint: `http://127.0.0.1:${port}` },
      {
        env: { XDG_CACHE_HOME: cache },
        handlers: {
          'window/showMessageRequest': (params) => {
            asked.push(params);
            return { title: 'Use Ollama instead' };
          },
        },
      },
    );
    await client.waitFor(() => client.notifications('window/showMessage').length > 0, 'the answer to the choice');
    expect(asked).toEqual([QUESTION]);
    expect(client.notifications('window/showMessage').map((m) => m.params.message)).toEqual([
      `infill-ls: infill-ls uses Ollama at http://127.0.0.1:${port} once it answers. Start it with: ollama serve, and get the model with: ollama pull qwen2.5-coder:1.5b-base`,
    ]);
    expect(fs.existsSync(path.join(cache, 'infill-ls', 'models'))).toBe(false);
  });

  it('"Download" downloads with $/progress and rejects a file whose checksum is wrong', async () => {
    const port = await closedPort();
    const cache = path.join(dir, 'offer-download');
    const served: string[] = [];
    const mirror = http.createServer((req, res) => {
      served.push(req.url ?? '');
      res.writeHead(200, { 'content-length': String(fs.statSync(TINY).size) });
      res.end(fs.readFileSync(TINY));
    });
    await new Promise<void>((resolve) => mirror.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise((resolve) => mirror.close(() => resolve())));
    const client = await server(
      { endpoint: `http://127.0.0.1:${port}` },
      {
        env: { XDG_CACHE_HOME: cache, HF_ENDPOINT: `http://127.0.0.1:${(mirror.address() as AddressInfo).port}` },
        capabilities: { window: { workDoneProgress: true } },
        handlers: { 'window/showMessageRequest': () => ({ title: 'Download' }), 'window/workDoneProgress/create': () => null },
      },
    );
    await client.waitFor(() => client.notifications('window/showMessage').length > 0, 'the outcome of the download', 20_000);
    expect(served).toEqual(['/ikw/Qwen2.5-Coder-1.5B-GGUF/resolve/main/qwen2.5-coder-1.5b-q8_0.gguf']);
    const progress = client.notifications('$/progress').map((m) => m.params.value);
    expect(progress[0]).toMatchObject({ kind: 'begin', title: 'Downloading qwen2.5-coder 1.5B', percentage: 0 });
    expect(progress.at(-1)).toEqual({ kind: 'end', message: 'failed' });
    expect(progress.some((v) => v.kind === 'report' && v.percentage === 100)).toBe(true);
    const [message] = client.notifications('window/showMessage').map((m) => m.params.message as string);
    expect(message).toMatch(/^infill-ls: The download of qwen2.5-coder 1.5B failed: The file from http:\/\/127\.0\.0\.1:\d+\/ikw\/\S+ is not the expected one: its sha256 is [0-9a-f]{64}, expected 116f205cba3d96dfd6b6c1e37bef6149a6722c62687621200be218314eb2851b\. The download was deleted\. Run "infill-ls model pull qwen2.5-coder:1.5b-base" in a terminal to try again \(it resumes\)\.$/);
    expect(fs.readdirSync(path.join(cache, 'infill-ls', 'models'))).toEqual([]);
  });

  it('does not ask when the settings name a model server', async () => {
    const port = await closedPort();
    const asked: unknown[] = [];
    const client = await server({ provider: 'ollama', endpoint: `http://127.0.0.1:${port}` }, { handlers: { 'window/showMessageRequest': (p) => asked.push(p) } });
    client.open(URI, 'notes: \n', 'plaintext');
    await startCompletion(client).response;
    await client.waitFor(() => client.notifications('window/showMessage').length > 0, 'the unreachable message');
    expect(asked).toEqual([]);
  });
});
