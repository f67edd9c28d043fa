import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeModelServer } from '../fake-model';
import { applyEdits, LspClient } from './lspClient';
import { cursor } from './session';

const DOC = cursor('def mean(values):\n    █\n\n\nprint(mean([1, 2]))\n');
const URI = 'file:///work/stats.py';
const BODY = 'return sum(values) / len(values)';

/** The built server against a fake of another kind of model server. */
async function session(flavor: 'openai' | 'vllm' | 'llamacpp', settings: Record<string, unknown>, fakeOptions: Record<string, unknown> = {}, env: NodeJS.ProcessEnv = {}, args?: string[]) {
  const fake = await FakeModelServer.start({ flavor, behavior: { text: BODY, splitBytes: 'random' }, ...fakeOptions });
  const client = new LspClient(args, env);
  const model = settings.model as object;
  await client.initialize({}, { infill: { ...settings, model: { endpoint: fake.url, ...model }, completion: { debounceMs: 0 } } });
  client.open(URI, DOC.text, 'python');
  return { fake, client, done: async () => { client.kill(); await fake.close(); } };
}

async function complete(client: LspClient) {
  const r = await client.request('textDocument/completion', { textDocument: { uri: URI }, position: { line: DOC.line, character: DOC.character } });
  return r.result.items as any[];
}

describe('OpenAI-compatible servers', () => {
  it('render the FIM prompt for a known model family and stream SSE', async () => {
    const s = await session('openai', { model: { provider: 'openai', name: 'qwen2.5-coder:1.5b-base' } });
    try {
      const [item] = await complete(s.client);
      expect(applyEdits(DOC.text, [item.textEdit])).toBe(DOC.text.replace('    \n', `    ${BODY}\n`));
      const [req] = s.fake.generationRequests();
      expect(req.path).toBe('/v1/completions');
      expect(req.body.prompt).toBe('<|fim_prefix|>def mean(values):\n    <|fim_suffix|>\n\n\nprint(mean([1, 2]))\n<|fim_middle|>');
      expect(req.body.suffix).toBeUndefined();
      expect(req.body.stream).toBe(true);
      expect(req.body.stop).toContain('<|endoftext|>');
    } finally {
      await s.done();
    }
  });

  it('say clearly when a server rejects `suffix` (vLLM)', async () => {
    const s = await session('vllm', { model: { provider: 'openai', name: 'qwen2.5-coder:1.5b-base', fimTemplate: 'native' } });
    try {
      expect(await complete(s.client)).toEqual([]);
      await s.client.waitFor(() => s.client.notifications('window/showMessage').length > 0, 'a message');
      const [message] = s.client.notifications('window/showMessage').map((m) => m.params.message);
      expect(message).toMatch(/cannot fill in the middle with "qwen2.5-coder:1.5b-base" \(suffix is not currently supported\)\. Set infill\.model\.fimTemplate/);
    } finally {
      await s.done();
    }
  });

  it('send the key from the variable apiKeyEnv names, and never log it', async () => {
    const logFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'infill-')), 'server.log');
    const s = await session(
      'openai',
      { model: { provider: 'openai', name: 'qwen2.5-coder:1.5b-base', apiKeyEnv: 'INFILL_TEST_KEY' }, log: { level: 'debug' } },
      { apiKey: 'sk-test-5f3a9c' },
      { INFILL_TEST_KEY: 'sk-test-5f3a9c' },
      ['--stdio', '--log-file', logFile],
    );
    try {
      expect(await complete(s.client)).toHaveLength(1);
      expect(s.fake.generationRequests()[0].headers.authorization).toBe('Bearer sk-test-5f3a9c');
      await s.client.stop();
      const log = fs.readFileSync(logFile, 'utf8');
      expect(log).not.toContain('sk-test-5f3a9c');
      expect(JSON.stringify(s.client.received)).not.toContain('sk-test-5f3a9c');
    } finally {
      await s.done();
    }
  });

  it('answer chat requests for code actions on /v1/chat/completions', async () => {
    const stub = 'def mean(values):\n    """Arithmetic mean."""\n    pass\n';
    const s = await session('openai', { model: { provider: 'openai', name: 'qwen2.5-coder:7b-instruct' }, actions: { mode: 'chat' } }, {
      models: [{ name: 'qwen2.5-coder:7b-instruct' }],
      behavior: { text: '```python\ndef mean(values):\n    """Arithmetic mean."""\n    return sum(values) / len(values)\n```' },
    });
    try {
      s.client.notify('textDocument/didOpen', { textDocument: { uri: 'file:///work/m.py', languageId: 'python', version: 1, text: stub } });
      const actions = await s.client.request('textDocument/codeAction', { textDocument: { uri: 'file:///work/m.py' }, range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, context: { diagnostics: [] } });
      const applied: any[] = [];
      s.client.handlers.set('workspace/applyEdit', (p) => (applied.push(p), { applied: true }));
      await s.client.request('workspace/executeCommand', actions.result[0].command);
      expect(applyEdits(stub, applied[0].edit.changes['file:///work/m.py'])).toBe(stub.replace('pass', 'return sum(values) / len(values)'));
      expect(s.fake.generationRequests()[0].path).toBe('/v1/chat/completions');
    } finally {
      await s.done();
    }
  });
});

describe('llama.cpp', () => {
  it('fills in the middle with /infill, other files in input_extra', async () => {
    const s = await session('llamacpp', { model: { provider: 'llamacpp', name: 'qwen' } });
    try {
      s.client.open('file:///work/helpers.py', 'def total(values):\n    return sum(values)\n', 'python');
      const doc = cursor('def mean(values):\n    return total(values) / █\n');
      s.client.open('file:///work/m.py', doc.text, 'python');
      s.fake.setBehavior({ text: 'len(values)' });
      const r = await s.client.request('textDocument/completion', { textDocument: { uri: 'file:///work/m.py' }, position: { line: doc.line, character: doc.character } });
      expect(r.result.items[0].textEdit.newText).toBe('len(values)');
      const [req] = s.fake.generationRequests();
      expect(req.path).toBe('/infill');
      expect(req.body).toMatchObject({ input_prefix: 'def mean(values):\n    return total(values) / ', input_suffix: '\n', stream: true });
      // Most relevant last: the definition the code uses.
      expect(req.body.input_extra.at(-1)).toEqual({ filename: 'helpers.py', text: 'def total(values):\n    return sum(values)' });
    } finally {
      await s.done();
    }
  });

  it('says clearly when the model has no FIM tokens (501)', async () => {
    const s = await session('llamacpp', { model: { provider: 'llamacpp', name: 'chat-only' } }, { behavior: { text: 'x', fail: { type: 'status', status: 501 } } });
    try {
      expect(await complete(s.client)).toEqual([]);
      await s.client.waitFor(() => s.client.notifications('window/showMessage').length > 0, 'a message');
      expect(s.client.notifications('window/showMessage')[0].params.message).toMatch(/^infill-ls: http:\/\/127\.0\.0\.1:\d+ \(\/infill\) cannot fill in the middle with "chat-only" \(.+\)\. Set infill\.model\.fimTemplate/);
    } finally {
      await s.done();
    }
  });
});

describe('a model per job and per language', () => {
  it('sends completions and code actions to their own servers, and honours privacy.exclude', async () => {
    const completions = await FakeModelServer.start({ behavior: { text: BODY } });
    const actions = await FakeModelServer.start({ flavor: 'openai', models: [{ name: 'qwen2.5-coder:7b-instruct' }], behavior: { text: '```python\ndef mean(values):\n    return sum(values) / len(values)\n```' } });
    const rust = await FakeModelServer.start({ models: [{ name: 'codestral:22b' }], behavior: { text: 'a + b' } });
    const client = new LspClient();
    try {
      await client.initialize({}, {
        infill: {
          model: { endpoint: completions.url },
          completion: { debounceMs: 0 },
          actions: { mode: 'chat', model: { provider: 'openai', endpoint: actions.url, name: 'qwen2.5-coder:7b-instruct' } },
          languages: { rust: { completion: { model: { endpoint: rust.url, name: 'codestral:22b' } } } },
          privacy: { exclude: ['**/generated/**'] },
        },
      });
      client.open(URI, DOC.text, 'python');
      expect((await complete(client))[0].textEdit.newText).toBe(BODY);
      client.open('file:///work/add.rs', 'fn add(a: i32, b: i32) -> i32 {\n    \n}\n', 'rust');
      const r = await client.request('textDocument/completion', { textDocument: { uri: 'file:///work/add.rs' }, position: { line: 1, character: 4 } });
      expect(r.result.items[0].textEdit.newText).toBe('a + b');
      client.open('file:///work/m.py', 'def mean(values):\n    pass\n', 'python');
      const listed = await client.request('textDocument/codeAction', { textDocument: { uri: 'file:///work/m.py' }, range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, context: { diagnostics: [] } });
      client.handlers.set('workspace/applyEdit', () => ({ applied: true }));
      await client.request('workspace/executeCommand', listed.result[0].command);
      expect(completions.generationRequests().map((r) => r.path)).toEqual(['/api/generate']);
      expect(rust.generationRequests().map((r) => r.body.model)).toEqual(['codestral:22b']);
      expect(actions.generationRequests().map((r) => r.path)).toEqual(['/v1/chat/completions']);
      client.open('file:///work/generated/schema.py', 'x = ', 'python');
      const none = await client.request('textDocument/completion', { textDocument: { uri: 'file:///work/generated/schema.py' }, position: { line: 0, character: 4 } });
      expect(none.result.items).toEqual([]);
      expect(completions.generationRequests()).toHaveLength(1);
    } finally {
      client.kill();
      await Promise.all([completions.close(), actions.close(), rust.close()]);
    }
  });
});

describe('Ollama models without insert', () => {
  it('are asked in raw mode with their family’s FIM template (fimTemplate auto)', async () => {
    const fake = await FakeModelServer.start({ models: [{ name: 'qwen2.5-coder:1.5b-base', capabilities: ['completion'] }], behavior: { text: BODY } });
    const client = new LspClient();
    try {
      await client.initialize({}, { infill: { model: { endpoint: fake.url }, completion: { debounceMs: 0 } } });
      client.open(URI, DOC.text, 'python');
      expect((await complete(client))[0].textEdit.newText).toBe(BODY);
      const [req] = fake.generationRequests();
      expect(req.body).toMatchObject({ raw: true, prompt: '<|fim_prefix|>def mean(values):\n    <|fim_suffix|>\n\n\nprint(mean([1, 2]))\n<|fim_middle|>' });
      expect(req.body.suffix).toBeUndefined();
      expect(req.body.options.stop).toContain('<|file_sep|>');
    } finally {
      client.kill();
      await fake.close();
    }
  });
});

describe('SSE framing and failures (model-apis.md §7), per server', () => {
  const flavors: Array<['openai' | 'llamacpp', string]> = [['openai', '/v1/completions'], ['llamacpp', '/infill']];
  const shown = (client: LspClient) => client.notifications('window/showMessage').map((m) => m.params.message as string);

  it.each(flavors)('%s: pings, CRLF and bytes split anywhere still give the exact text', async (flavor, route) => {
    const s = await session(flavor, { model: { provider: flavor, name: 'qwen2.5-coder:1.5b-base' } }, {
      behavior: { text: 'return sum(values) / len(values)  # é€😀', ssePing: true, crlf: true, splitBytes: 'random', bodyDelayMs: 60, tokenChars: 3 },
    });
    try {
      const [item] = await complete(s.client);
      expect(item.textEdit.newText).toBe('return sum(values) / len(values)  # é€😀');
      expect(s.fake.generationRequests()[0].path).toBe(route);
    } finally {
      await s.done();
    }
  });

  const failures: Array<[string, object, RegExp]> = [
    ['an error in the middle of the stream', { type: 'midStreamError', afterTokens: 2, message: 'out of memory' }, /reported an error while generating: /],
    ['a dropped connection', { type: 'destroy', afterTokens: 2 }, /closed the connection in the middle of an answer\.$/],
    ['a server error before the first token', { type: 'status', status: 500 }, /failed \(500: .+\)\.$/],
    ['an answer that is not SSE', { type: 'garbage', body: '<html>proxy error</html>', contentType: 'text/html' }, /sent no events|cannot read/],
  ];
  for (const [flavor] of flavors) {
    it.each(failures)(`${flavor}: %s gives an empty list and one clear message`, async (_name, fail, message) => {
      const s = await session(flavor, { model: { provider: flavor, name: 'qwen2.5-coder:1.5b-base' } }, { behavior: { text: 'abcdefgh', tokenChars: 2, fail } });
      try {
        expect(await complete(s.client)).toEqual([]);
        await s.client.waitFor(() => shown(s.client).length > 0, 'a message');
        expect(shown(s.client)).toHaveLength(1);
        expect(shown(s.client)[0]).toMatch(message);
      } finally {
        await s.done();
      }
    });
  }

  it('a wrong key is refused with a message that names the variable, not the key', async () => {
    const s = await session('llamacpp', { model: { provider: 'llamacpp', name: 'q', apiKeyEnv: 'INFILL_TEST_KEY' } }, { apiKey: 'right-key-1234' }, { INFILL_TEST_KEY: 'wrong-key-5678' });
    try {
      expect(await complete(s.client)).toEqual([]);
      await s.client.waitFor(() => shown(s.client).length > 0, 'a message');
      expect(shown(s.client)[0]).toMatch(/refused the request \(401: Invalid API Key\)\. Check the API key: set the variable that infill\.model\.apiKeyEnv names\.$/);
      expect(JSON.stringify(s.client.received)).not.toContain('wrong-key-5678');
    } finally {
      await s.done();
    }
  });
});

describe('repository-level FIM prompts', () => {
  it('Qwen2.5-Coder gets other files in its repo-level form', async () => {
    const s = await session('openai', { model: { provider: 'openai', name: 'qwen2.5-coder:1.5b-base' } });
    try {
      s.client.open('file:///work/helpers.py', 'def total(values):\n    return sum(values)\n', 'python');
      const doc = cursor('def mean(values):\n    return total(values) / █\n');
      s.client.open('file:///work/m.py', doc.text, 'python');
      await s.client.request('textDocument/completion', { textDocument: { uri: 'file:///work/m.py' }, position: { line: doc.line, character: doc.character } });
      expect(s.fake.generationRequests()[0].body.prompt).toBe(
        '<|repo_name|>myproject\n<|file_sep|>stats.py\ndef mean(values):\n<|file_sep|>helpers.py\ndef total(values):\n    return sum(values)\n<|file_sep|>m.py\n<|fim_prefix|>def mean(values):\n    return total(values) / <|fim_suffix|>\n<|fim_middle|>',
      );
    } finally {
      await s.done();
    }
  });
});
