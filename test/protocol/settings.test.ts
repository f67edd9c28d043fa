import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeModelServer } from '../fake-model';
import { LspClient } from './lspClient';
import { startSession } from './session';

const URI = 'file:///work/a.ts';
const ask = (client: LspClient) =>
  client.request('textDocument/completion', { textDocument: { uri: URI }, position: { line: 0, character: 8 } });

describe('settings', () => {
  it('reads initializationOptions', async () => {
    const { client, fake } = await startSession({
      settings: { model: { name: 'codellama:7b-code' }, completion: { maxTokens: 42, temperature: 0.7 } },
      fake: { models: [{ name: 'codellama:7b-code' }], behavior: { text: 'x' } },
    });
    client.open(URI, 'let a = ');
    await ask(client);
    expect(fake.generationRequests()[0].body).toMatchObject({ model: 'codellama:7b-code', options: { num_predict: 42, temperature: 0.7 } });
  });

  it('pulls workspace/configuration and re-reads it on didChangeConfiguration', async () => {
    const fake = await FakeModelServer.start({ behavior: { text: 'x' } });
    const client = new LspClient();
    let maxTokens = 7;
    client.handlers.set('workspace/configuration', (params) => {
      expect(params).toEqual({ items: [{ section: 'infill' }] });
      return [{ model: { endpoint: fake.url }, completion: { maxTokens, debounceMs: 0 } }];
    });
    try {
      await client.initialize({ workspace: { configuration: true } });
      await client.waitFor(() => client.received.some((m) => m.method === 'workspace/configuration'), 'configuration request');
      client.open(URI, 'let a = ');
      await client.waitFor(() => client.notifications('window/logMessage').some((m) => /model: auto: ollama/.test(m.params.message)), 'settings applied');
      await ask(client);
      maxTokens = 9;
      client.notify('textDocument/didChange', { textDocument: { uri: URI, version: 2 }, contentChanges: [{ text: 'let b = ' }] });
      client.notify('workspace/didChangeConfiguration', { settings: null });
      await client.waitFor(() => client.received.filter((m) => m.method === 'workspace/configuration').length === 2, 'second pull');
      await ask(client);
      expect(fake.generationRequests().map((r) => r.body.options.num_predict)).toEqual([7, 9]);
    } finally {
      client.kill();
      await fake.close();
    }
  });

  it('takes pushed settings from clients that cannot be asked', async () => {
    const { client, fake } = await startSession({ fake: { behavior: { text: 'x' } } });
    client.notify('workspace/didChangeConfiguration', {
      settings: { python: { x: 1 }, infill: { model: { endpoint: fake.url }, completion: { maxTokens: 11, debounceMs: 0 } } },
    });
    client.open(URI, 'let a = ');
    await ask(client);
    expect(fake.generationRequests()[0].body.options.num_predict).toBe(11);
    expect(client.notifications('window/showMessage')).toEqual([]);
  });

  it('reports an invalid value once, by name, and ignores it', async () => {
    const { client, fake } = await startSession({
      settings: { completion: { maxTokens: 'many', temperature: 0.1 } },
      fake: { behavior: { text: 'x' } },
    });
    client.notify('workspace/didChangeConfiguration', {
      settings: { infill: { model: { endpoint: fake.url }, completion: { maxTokens: 'many', debounceMs: 0 } } },
    });
    client.open(URI, 'function f() {\n  \n}\n'); // a block: the whole token budget applies
    await client.request('textDocument/completion', { textDocument: { uri: URI }, position: { line: 1, character: 2 } });
    expect(fake.generationRequests()[0].body.options).toMatchObject({ num_predict: 128, temperature: 0.1 });
    expect(client.notifications('window/showMessage').map((m) => [m.params.type, m.params.message])).toEqual([
      [2, 'infill-ls: setting infill.completion.maxTokens ignored: expected an integer from 1 to 8192, got "many"'],
    ]);
  });

  it('takes the default endpoint from OLLAMA_HOST and logs to --log-file', async () => {
    const fake = await FakeModelServer.start({ behavior: { text: 'x' } });
    const logFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'infill-')), 'server.log');
    const client = new LspClient(['--stdio', '--log-file', logFile], { OLLAMA_HOST: `127.0.0.1:${fake.port}` });
    try {
      await client.initialize({}, { completion: { debounceMs: 0 } });
      client.open(URI, 'let a = ');
      const r = await ask(client);
      expect(r.result.items[0].textEdit.newText).toBe('x');
      expect(await client.stop()).toBe(0);
      const log = fs.readFileSync(logFile, 'utf8');
      expect(log).toContain('[info] infill-ls 0.1.0 serving infill-test 1; positions in utf-16');
      expect(log).toContain('[info] shutdown');
    } finally {
      client.kill();
      await fake.close();
    }
  });
});
