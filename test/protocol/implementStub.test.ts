import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as url from 'node:url';
import { describe, expect, it } from 'vitest';
import { applyEdits, type LspClient } from './lspClient';
import { startSession } from './session';

const URI = 'file:///work/cart.py';
const STUB = 'import math\n\n\nclass Cart:\n    def total(self):\n        """Sum of the prices, rounded to cents."""\n        pass\n\n    def size(self):\n        return len(self.items)\n';
const BODY = 'total = sum(item.price for item in self.items)\n        return math.floor(total * 100) / 100';
const IMPLEMENTED = STUB.replace('        pass\n', `        ${BODY}\n`);
const FENCED = '```python\n    def total(self):\n        """Sum of the prices, rounded to cents."""\n        total = sum(item.price for item in self.items)\n        return math.floor(total * 100) / 100\n```';

const RESOLVING = { textDocument: { codeAction: { resolveSupport: { properties: ['edit'] }, dataSupport: true } } };

async function listActions(client: LspClient, uri = URI, line = 6) {
  const r = await client.request('textDocument/codeAction', {
    textDocument: { uri },
    range: { start: { line, character: 0 }, end: { line, character: 0 } },
    context: { diagnostics: [] },
  });
  expect(r.error).toBeUndefined();
  return r.result as any[];
}

function shown(client: LspClient): string[] {
  return client.notifications('window/showMessage').map((m) => m.params.message);
}

describe('"Implement <name>"', () => {
  it('is listed at once on a stub, and nowhere else, without asking the model', async () => {
    const { client, fake } = await startSession({ capabilities: RESOLVING });
    client.open(URI, STUB, 'python');
    expect(await listActions(client)).toEqual([
      { title: 'Implement total', kind: 'refactor.rewrite', data: { infill: 'implementStub', uri: URI, name: 'total', start: 30 } },
    ]);
    expect(await listActions(client, URI, 4)).toHaveLength(1); // on the signature
    expect(await listActions(client, URI, 9)).toEqual([]); // a real method
    expect(fake.generationRequests()).toEqual([]);
  });

  it('resolves to a versioned edit that gives the implemented function (fill in the middle)', async () => {
    const { client, fake } = await startSession({
      capabilities: { ...RESOLVING, workspace: { workspaceEdit: { documentChanges: true } } },
      fake: { behavior: { text: BODY + '\n\n    def size(self):\n        return len(self.items)\n' } },
    });
    client.open(URI, STUB, 'python', 3);
    const [action] = await listActions(client);
    const resolved = await client.request('codeAction/resolve', action);
    const [change] = resolved.result.edit.documentChanges;
    expect(change.textDocument).toEqual({ uri: URI, version: 3 });
    expect(applyEdits(STUB, change.edits)).toBe(IMPLEMENTED);
    const [request] = fake.generationRequests();
    expect(request.body.prompt.endsWith('    def total(self):\n        """Sum of the prices, rounded to cents."""\n        ')).toBe(true);
    expect(request.body.suffix.startsWith('\n\n    def size(self):')).toBe(true);
  });

  it('works with a chat model that answers in a fenced block', async () => {
    const { client, fake } = await startSession({
      capabilities: RESOLVING,
      settings: { actions: { mode: 'chat', model: 'qwen2.5-coder:7b-instruct' } },
      fake: { models: [{ name: 'qwen2.5-coder:1.5b-base' }, { name: 'qwen2.5-coder:7b-instruct' }], behavior: { text: `Here you go:\n\n${FENCED}\n` } },
    });
    client.open(URI, STUB, 'python');
    const [action] = await listActions(client);
    const resolved = await client.request('codeAction/resolve', action);
    expect(applyEdits(STUB, resolved.result.edit.changes[URI])).toBe(IMPLEMENTED);
    const [request] = fake.generationRequests();
    expect(request.path).toBe('/api/chat');
    expect(request.body.model).toBe('qwen2.5-coder:7b-instruct');
    expect(request.body.messages[1].content).toContain('Implement `total`:\n```python\n    def total(self):');
  });

  it('feeds syntax errors back and tries again', async () => {
    const { client, fake } = await startSession({ capabilities: RESOLVING, settings: { actions: { mode: 'chat' } }, fake: { behavior: { text: FENCED } } });
    fake.enqueueBehavior({ text: '```python\ndef total(self):\n    return (sum(\n```' });
    client.open(URI, STUB, 'python');
    const resolved = await client.request('codeAction/resolve', (await listActions(client))[0]);
    expect(applyEdits(STUB, resolved.result.edit.changes[URI])).toBe(IMPLEMENTED);
    const [, second] = fake.generationRequests();
    expect(second.body.messages.at(-1).content).toMatch(/^That does not work: syntax errors: line \d+/);
  });

  it('gives up with a clear message and leaves the stub when the model never succeeds', async () => {
    const { client, fake } = await startSession({
      capabilities: RESOLVING,
      settings: { actions: { mode: 'chat', maxAttempts: 2 } },
      fake: { behavior: { text: '```python\ndef total(self):\n    pass\n```' } },
    });
    client.open(URI, STUB, 'python');
    const [action] = await listActions(client);
    const resolved = await client.request('codeAction/resolve', action);
    expect(resolved.result).toEqual(action);
    expect(fake.generationRequests()).toHaveLength(2);
    expect(shown(client)).toEqual(['infill-ls: could not implement total after 2 attempts: the body is still a stub. The stub is unchanged.']);
  });

  it('changes nothing when the document changed while the model worked', async () => {
    const { client, fake } = await startSession({ capabilities: RESOLVING, fake: { behavior: { text: BODY, headerDelayMs: 300 } } });
    client.open(URI, STUB, 'python');
    const [action] = await listActions(client);
    const pending = client.request('codeAction/resolve', action);
    await fake.waitFor(() => fake.generationRequests().length === 1);
    client.notify('textDocument/didChange', { textDocument: { uri: URI, version: 2 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# edited\n' }] });
    const resolved = await pending;
    expect(resolved.result.edit).toBeUndefined();
    expect(shown(client)).toEqual([`infill-ls: ${URI} changed while total was being implemented; nothing was changed. Run the action again.`]);
  });

  it('stops the model when the client cancels', async () => {
    const { client, fake } = await startSession({ capabilities: RESOLVING, fake: { behavior: { text: 'x', hold: true } } });
    client.open(URI, STUB, 'python');
    const [action] = await listActions(client);
    const pending = client.requestLater('codeAction/resolve', action);
    await fake.waitFor(() => fake.generationRequests().length === 1);
    client.notify('$/cancelRequest', { id: pending.id });
    await fake.waitFor(() => fake.generationRequests()[0].clientClosedAt !== undefined);
    expect((await pending.response).result).toEqual(action);
  });

  it('runs the configured check command on a temporary file and feeds its errors back', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'infill-check-'));
    const file = path.join(dir, 'cart.py');
    fs.writeFileSync(file, STUB);
    const uri = url.pathToFileURL(file).href;
    const check = [process.execPath, '-e', "const t=require('fs').readFileSync(process.argv[1],'utf8'); if (!t.includes('math.floor')) { console.error('check: total must round with math.floor'); process.exit(1); }", '{file}'];
    const { client, fake } = await startSession({
      capabilities: RESOLVING,
      settings: { actions: { mode: 'chat', checkCommands: { python: check } } },
      fake: { behavior: { text: FENCED } },
    });
    fake.enqueueBehavior({ text: '```python\ndef total(self):\n    return sum(item.price for item in self.items)\n```' });
    const asked: any[] = [];
    client.handlers.set('window/showMessageRequest', (params) => {
      asked.push(params);
      return { title: 'Allow' };
    });
    client.open(uri, STUB, 'python');
    const [action] = await listActions(client, uri);
    const resolved = await client.request('codeAction/resolve', action);
    expect(applyEdits(STUB, resolved.result.edit.changes[uri])).toBe(IMPLEMENTED);
    expect(fake.generationRequests()[1].body.messages.at(-1).content).toBe(
      'That does not work: the check command failed:\ncheck: total must round with math.floor\nReply with the corrected complete function in one fenced code block.',
    );
    // Asked once (the second attempt ran it without asking), with the exact command.
    expect(asked).toEqual([
      {
        type: 2,
        message: `infill-ls: the settings for files outside any workspace ask to run \`${check.join(' ')}\` for checking python code. Allow this command to run in this workspace?`,
        actions: [{ title: 'Allow' }, { title: "Don't allow" }],
      },
    ]);
    expect(fs.readdirSync(dir)).toEqual(['cart.py']); // the temporary file is gone
    expect(fs.readFileSync(file, 'utf8')).toBe(STUB); // and the user's file untouched
  });
});

describe('clients without codeAction/resolve', () => {
  it('get a command; executeCommand sends workspace/applyEdit with `changes`', async () => {
    const { client } = await startSession({ fake: { behavior: { text: BODY } } });
    const applied: any[] = [];
    client.handlers.set('workspace/applyEdit', (params) => {
      applied.push(params);
      return { applied: true };
    });
    client.open(URI, STUB, 'python');
    const [action] = await listActions(client);
    expect(action).toEqual({
      title: 'Implement total',
      kind: 'refactor.rewrite',
      command: { title: 'Implement total', command: 'infill.implementStub', arguments: [{ infill: 'implementStub', uri: URI, name: 'total', start: 30 }] },
    });
    const r = await client.request('workspace/executeCommand', action.command);
    expect(r.result).toBeNull();
    expect(applied).toHaveLength(1);
    expect(applied[0].label).toBe('Implement total');
    expect(applyEdits(STUB, applied[0].edit.changes[URI])).toBe(IMPLEMENTED);
  });

  it('resolving an action that is not ours returns it unchanged (Neovim resolves them all)', async () => {
    const { client } = await startSession({ capabilities: RESOLVING });
    const foreign = { title: 'Organize imports', kind: 'source.organizeImports', command: { title: 'x', command: 'other.command' } };
    expect((await client.request('codeAction/resolve', foreign)).result).toEqual(foreign);
  });
});

describe('progress', () => {
  it('reports $/progress while the model works, where the client supports it', async () => {
    const { client } = await startSession({
      capabilities: { ...RESOLVING, window: { workDoneProgress: true } },
      settings: { actions: { mode: 'chat' } },
      fake: { behavior: { text: FENCED } },
    });
    const created: string[] = [];
    client.handlers.set('window/workDoneProgress/create', (params) => {
      created.push(params.token);
      return null;
    });
    client.open(URI, STUB, 'python');
    await client.request('codeAction/resolve', (await listActions(client))[0]);
    await client.waitFor(() => client.notifications('$/progress').length === 2, 'begin and end');
    expect(client.notifications('$/progress').map((m) => [m.params.token === created[0], m.params.value])).toEqual([
      [true, { kind: 'begin', title: 'infill-ls', message: 'Implementing total', cancellable: false }],
      [true, { kind: 'end' }],
    ]);
  });
});
