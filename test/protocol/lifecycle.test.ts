import { describe, expect, it } from 'vitest';
import { FakeModelServer } from '../fake-model';
import { LspClient } from './lspClient';

describe('lifecycle', () => {
  it('shutdown then exit ends the process with status 0', async () => {
    const client = new LspClient();
    await client.initialize();
    const shutdown = await client.request('shutdown');
    expect(shutdown.result).toBeNull();
    client.notify('exit');
    expect(await client.exited).toBe(0);
  });

  it('a closed stdin ends the process (clients that never send exit)', async () => {
    const client = new LspClient();
    await client.initialize();
    await client.request('shutdown');
    client.process.stdin.end();
    expect(await client.exited).toBe(0);
  });

  it('does not wait forever for a client that never answers its requests', async () => {
    const fake = await FakeModelServer.start({ behavior: { text: 'fine' } });
    const client = new LspClient(); // no handler: workspace/configuration is never answered
    try {
      await client.initialize({ workspace: { configuration: true } }, { model: { endpoint: fake.url }, completion: { debounceMs: 0 } });
      await client.waitFor(() => client.received.some((m) => m.method === 'workspace/configuration'), 'configuration request');
      client.open('file:///a.ts', 'x');
      const r = await client.request('textDocument/completion', { textDocument: { uri: 'file:///a.ts' }, position: { line: 0, character: 1 } });
      expect(r.result.items[0].textEdit.newText).toBe('xfine');
      await client.waitFor(
        () => client.notifications('window/logMessage').some((m) => m.params.message.includes('did not answer workspace/configuration within 5000 ms')),
        'the timeout log line',
        8000,
      );
    } finally {
      client.kill();
      await fake.close();
    }
  });

  it('prints its version and help', async () => {
    const version = new LspClient(['--version']);
    let out = '';
    version.process.stdout.removeAllListeners('data');
    version.process.stdout.on('data', (c: Buffer) => (out += c.toString()));
    expect(await version.exited).toBe(0);
    expect(out).toMatch(/^infill-ls \d+\.\d+\.\d+\n$/);
  });
});
