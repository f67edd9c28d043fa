import { describe, expect, it } from 'vitest';
import { frame } from '../lsp/wire';
import { LspClient } from './lspClient';
import { startSession } from './session';

/**
 * Issue 12: every message is checked before it is believed. A malformed message is refused
 * whole and breaks nothing else; the lifecycle is enforced; settings keys that are names of
 * object members are unknown keys like any other; a stream that can no longer be framed
 * ends the process with status 1 instead of wedging it.
 */
const PY = 'file:///work/a.py';
const STUB = 'def total(items):\n    pass\n';

const shown = (client: LspClient) => client.notifications('window/showMessage').map((m) => m.params.message as string);
const logged = (client: LspClient) => client.notifications('window/logMessage').map((m) => m.params.message as string);

async function implementActions(client: LspClient, uri = PY) {
  const r = await client.request('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 1, character: 4 }, end: { line: 1, character: 4 } }, context: { diagnostics: [] } });
  return r.result as Array<{ title: string }>;
}

describe('messages are checked before they are believed', () => {
  it('a didOpen with a missing or non-string uri, languageId or text is logged and dropped; other documents work', async () => {
    const { client } = await startSession();
    client.notify('textDocument/didOpen', { textDocument: { uri: 5, languageId: 'python', version: 1, text: STUB } });
    client.notify('textDocument/didOpen', { textDocument: { uri: 'file:///work/b.py', version: 1, text: STUB } });
    client.notify('textDocument/didOpen', { textDocument: { uri: 'file:///work/c.py', languageId: 'python', version: 1, text: 42 } });
    client.open(PY, STUB, 'python');
    expect((await implementActions(client)).map((a) => a.title)).toEqual(['Implement total']);
    // Never stored: the malformed b.py is not open.
    const b = await client.request('textDocument/completion', { textDocument: { uri: 'file:///work/b.py' }, position: { line: 0, character: 0 } });
    expect(b.error?.message).toBe('infill-ls has no open document file:///work/b.py; send textDocument/didOpen first');
    expect(logged(client)).toEqual(
      expect.arrayContaining([
        'ignored textDocument/didOpen: infill-ls cannot use textDocument/didOpen: textDocument.uri: expected a string, got 5',
        'ignored textDocument/didOpen: infill-ls cannot use textDocument/didOpen: textDocument.languageId: expected a string, got undefined',
        'ignored textDocument/didOpen: infill-ls cannot use textDocument/didOpen: textDocument.text: expected a string, got 42',
      ]),
    );
  });

  it('a malformed request gets InvalidParams saying what is wrong, and the next one is answered', async () => {
    const { client } = await startSession();
    client.open(PY, STUB, 'python');
    const bad = await client.request('textDocument/codeAction', { textDocument: { uri: PY }, range: 'all', context: { diagnostics: [] } });
    expect(bad.error).toEqual({ code: -32602, message: 'infill-ls cannot use textDocument/codeAction: range: expected an object, got "all"' });
    const badPosition = await client.request('textDocument/completion', { textDocument: { uri: PY }, position: { line: -1, character: 0 } });
    expect(badPosition.error).toEqual({ code: -32602, message: 'infill-ls cannot use textDocument/completion: position.line: expected an integer of 0 or more, got -1' });
    const badChange = { textDocument: { uri: PY, version: 2 }, contentChanges: [{ range: { start: { line: 0 } }, text: 'x' }] };
    client.notify('textDocument/didChange', badChange);
    expect((await implementActions(client)).map((a) => a.title)).toEqual(['Implement total']);
  });

  it('action data a client sends back malformed gets InvalidParams, in resolve and in the command', async () => {
    const { client } = await startSession({ capabilities: { textDocument: { codeAction: { resolveSupport: { properties: ['edit'] }, dataSupport: true } } } });
    client.open(PY, STUB, 'python');
    const resolved = await client.request('codeAction/resolve', { title: 'Implement total', data: { infill: 'implementStub', uri: PY, name: 'total', start: 'zero' } });
    expect(resolved.error).toEqual({ code: -32602, message: 'infill-ls cannot run this action: data.start: expected an integer of 0 or more, got "zero"' });
    const command = await client.request('workspace/executeCommand', { command: 'infill.fixDiagnostics', arguments: [{ infill: 'fixDiagnostics', uri: PY, diagnostics: [{ message: 'x' }] }] });
    expect(command.error).toEqual({ code: -32602, message: 'infill-ls cannot run this action: data.diagnostics[0].range: expected an object, got undefined' });
  });
});

describe('the lifecycle', () => {
  it('answers a request before initialize with ServerNotInitialized', async () => {
    const client = new LspClient();
    try {
      const early = await client.request('textDocument/completion', { textDocument: { uri: PY }, position: { line: 0, character: 0 } });
      expect(early.error).toEqual({ code: -32002, message: 'infill-ls is not initialized: textDocument/completion must come after initialize' });
      expect((await client.initialize()).result.serverInfo.name).toBe('infill-ls');
    } finally {
      client.kill();
    }
  });

  it('refuses a second initialize, and does not watch the process it names', async () => {
    const { client } = await startSession();
    const again = await client.request('initialize', { processId: 2 ** 22 + 12345, rootUri: null, capabilities: {} });
    expect(again.error).toEqual({ code: -32600, message: 'initialize was already received; the server is running' });
    // The watchdog checks every 3 s: a watched process that does not exist would have ended the server.
    await new Promise((r) => setTimeout(r, 3500));
    client.open(PY, STUB, 'python');
    expect((await implementActions(client)).map((a) => a.title)).toEqual(['Implement total']);
    expect(client.exitCode).toBeUndefined();
  });

  it('writes the shutdown response before exiting with 0 when shutdown and exit come in one write', async () => {
    const client = new LspClient();
    await client.initialize();
    client.process.stdin.write(Buffer.concat([frame(JSON.stringify({ jsonrpc: '2.0', id: 99, method: 'shutdown' })), frame(JSON.stringify({ jsonrpc: '2.0', method: 'exit' }))]));
    expect(await client.exited).toBe(0);
    expect(client.received.find((m) => m.id === 99)).toEqual({ jsonrpc: '2.0', id: 99, result: null });
  });

  it.each([
    ['a Content-Length that is not a number', 'Content-Length: many\r\n\r\n{}', 'Content-Length value must be a number. Got many'],
    ['a header without a colon', 'Content-Length 2\r\n\r\n{}', "Message header must separate key and value using ':'"],
  ])('exits with status 1, saying why, on %s', async (_name, bytes, reason) => {
    const client = new LspClient();
    await client.initialize();
    client.process.stdin.write(bytes);
    expect(await client.exited).toBe(1);
    expect(client.stderr + logged(client).join('\n')).toContain(`the editor's messages cannot be read any more (${reason}); exiting`);
  });
});

describe('settings', () => {
  it("a message about the actions' own model names the key that set it", async () => {
    const { client } = await startSession({ capabilities: { textDocument: { codeAction: { resolveSupport: { properties: ['edit'] }, dataSupport: true } } }, settings: { actions: { model: { endpoint: 'http://127.0.0.1:9' } } } });
    client.open(PY, STUB, 'python');
    const [action] = await client.request('textDocument/codeAction', { textDocument: { uri: PY }, range: { start: { line: 1, character: 4 }, end: { line: 1, character: 4 } }, context: { diagnostics: [] } }).then((r) => r.result);
    await client.request('codeAction/resolve', action);
    const message = shown(client).find((m) => m.includes('127.0.0.1:9'));
    expect(message).toContain('infill.actions.model.endpoint');
    expect(message).not.toContain('infill.model.endpoint');
  });

  it('model.apiKeyEnv works for Ollama behind an authenticating proxy', async () => {
    const { client, fake } = await startSession({ fake: { apiKey: 'proxy-key', behavior: { text: 'items[0]' } }, settings: { model: { apiKeyEnv: 'INFILL_TEST_KEY' } }, env: { INFILL_TEST_KEY: 'proxy-key' } });
    client.open(PY, 'def first(items):\n    return \n', 'python');
    const r = await client.request('textDocument/completion', { textDocument: { uri: PY }, position: { line: 1, character: 11 } });
    expect(r.result.items.map((i: { textEdit: { newText: string } }) => i.textEdit.newText)).toEqual(['items[0]']);
    expect(fake.generationRequests()[0].headers.authorization).toBe('Bearer proxy-key');
    expect(JSON.stringify(client.received)).not.toContain('proxy-key');
  });

  it('treats __proto__, constructor, toString and hasOwnProperty as unknown keys, in one message, and applies the rest', async () => {
    const raw = '{"__proto__": 1, "constructor": 2, "toString": 3, "hasOwnProperty": 4, "completion": {"maxTokens": 77, "valueOf": 5}}';
    const { client } = await startSession({ settings: JSON.parse(raw) });
    expect(shown(client)).toEqual([
      'infill-ls: 5 settings ignored: infill.__proto__: unknown setting; infill.constructor: unknown setting; infill.toString: unknown setting; infill.hasOwnProperty: unknown setting; infill.completion.valueOf: unknown setting',
    ]);
    client.open(PY, STUB, 'python');
    expect((await implementActions(client)).map((a) => a.title)).toEqual(['Implement total']);
  });
});
