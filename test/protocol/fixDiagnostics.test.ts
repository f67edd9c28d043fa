import { describe, expect, it } from 'vitest';
import { applyEdits, type LspClient } from './lspClient';
import { startSession } from './session';

const URI = 'file:///work/store.py';
const ORIGINAL = 'import json\n\n\ndef load(path):\n    with open(path) as handle:\n        return json.load(handle)\n\n\ndef area(w, h):\n    return w * h\n';
const BROKEN = ORIGINAL.replace('json.load(handle)', 'jsn.load(handle)').replace('return w * h', 'return w * hh');
const JSN = { range: { start: { line: 5, character: 15 }, end: { line: 5, character: 18 } }, severity: 1, source: 'Pyright', code: 'reportUndefinedVariable', message: '"jsn" is not defined' };
const HH = { range: { start: { line: 9, character: 15 }, end: { line: 9, character: 17 } }, severity: 1, source: 'Pyright', code: 'reportUndefinedVariable', message: '"hh" is not defined' };
const RESOLVING = { textDocument: { codeAction: { resolveSupport: { properties: ['edit'] }, dataSupport: true } } };
const FENCED_LOAD = 'The name is misspelled:\n\n```python\ndef load(path):\n    with open(path) as handle:\n        return json.load(handle)\n```';

async function actions(client: LspClient, diagnostics: object[], only?: string[]) {
  const r = await client.request('textDocument/codeAction', {
    textDocument: { uri: URI },
    range: { start: { line: 5, character: 0 }, end: { line: 9, character: 0 } },
    context: { diagnostics, ...(only ? { only } : {}) },
  });
  expect(r.error).toBeUndefined();
  return r.result as any[];
}

const shown = (client: LspClient) => client.notifications('window/showMessage').map((m) => m.params.message);

describe('"Fix with AI"', () => {
  it('is listed at once for each diagnostic, with "Fix all" for several', async () => {
    const { client, fake } = await startSession({ capabilities: RESOLVING });
    client.open(URI, BROKEN, 'python');
    const listed = await actions(client, [JSN, HH]);
    expect(listed.map((a) => [a.title, a.kind, a.diagnostics.length])).toEqual([
      ['Fix with AI: "jsn" is not defined', 'quickfix', 1],
      ['Fix with AI: "hh" is not defined', 'quickfix', 1],
      ['Fix all with AI', 'source.fixAll.infill', 2],
    ]);
    expect((await actions(client, [JSN, HH], ['quickfix'])).map((a) => a.kind)).toEqual(['quickfix', 'quickfix']);
    expect((await actions(client, [JSN, HH], ['source.fixAll'])).map((a) => a.title)).toEqual(['Fix all with AI']);
    expect(fake.generationRequests()).toEqual([]);
  });

  it('resolves to a minimal edit inside the function (chat model, fenced answer)', async () => {
    const { client, fake } = await startSession({ capabilities: RESOLVING, settings: { actions: { mode: 'chat' } }, fake: { behavior: { text: FENCED_LOAD } } });
    client.open(URI, BROKEN, 'python');
    const [fix] = await actions(client, [JSN]);
    const resolved = await client.request('codeAction/resolve', fix);
    expect(resolved.result.edit.changes[URI]).toEqual([{ range: { start: { line: 5, character: 17 }, end: { line: 5, character: 17 } }, newText: 'o' }]);
    expect(applyEdits(BROKEN, resolved.result.edit.changes[URI])).toBe(ORIGINAL.replace('return w * h', 'return w * hh'));
    const prompt = fake.generationRequests()[0].body.messages[1].content as string;
    expect(prompt).toContain('The code, starting at line 4:\n```python\ndef load(path):\n    with open(path) as handle:\n        return jsn.load(handle)\n```');
    expect(prompt).toContain('Problems:\n- line 6, column 16 (Pyright reportUndefinedVariable): "jsn" is not defined  [at `jsn`]');
  });

  it('keeps only the changes inside the unit when the model answers with the whole file', async () => {
    const whole = '```python\n# reformatted by the model\n' + ORIGINAL.replace('return w * h', 'return h * w') + '```';
    const { client } = await startSession({ capabilities: RESOLVING, settings: { actions: { mode: 'chat' } }, fake: { behavior: { text: whole } } });
    client.open(URI, BROKEN, 'python');
    const resolved = await client.request('codeAction/resolve', (await actions(client, [JSN]))[0]);
    expect(applyEdits(BROKEN, resolved.result.edit.changes[URI])).toBe(ORIGINAL.replace('return w * h', 'return w * hh'));
  });

  it('fixes all at once in one versioned edit', async () => {
    const { client, fake } = await startSession({
      capabilities: { ...RESOLVING, workspace: { workspaceEdit: { documentChanges: true } } },
      settings: { actions: { mode: 'chat' } },
      fake: { behavior: { text: '```python\ndef area(w, h):\n    return w * h\n```' } },
    });
    fake.enqueueBehavior({ text: FENCED_LOAD });
    client.open(URI, BROKEN, 'python', 7);
    const all = (await actions(client, [JSN, HH])).find((a) => a.title === 'Fix all with AI');
    const resolved = await client.request('codeAction/resolve', all);
    const [change] = resolved.result.edit.documentChanges;
    expect(change.textDocument).toEqual({ uri: URI, version: 7 });
    expect(applyEdits(BROKEN, change.edits)).toBe(ORIGINAL);
  });

  it('falls back to the fill-in-the-middle model with the problem as a comment', async () => {
    const { client, fake } = await startSession({ capabilities: RESOLVING, fake: { behavior: { text: 'def area(w, h):\n    return w * h\n' } } });
    client.open(URI, BROKEN, 'python');
    const resolved = await client.request('codeAction/resolve', (await actions(client, [HH]))[0]);
    expect(applyEdits(BROKEN, resolved.result.edit.changes[URI])).toBe(ORIGINAL.replace('json.load(handle)', 'jsn.load(handle)'));
    const [request] = fake.generationRequests();
    expect(request.path).toBe('/api/generate');
    expect(request.body.prompt.endsWith('\n\n\n# Fixed: "hh" is not defined\n')).toBe(true);
  });

  it('rejects a fix that makes things worse, and says so', async () => {
    const { client, fake } = await startSession({
      capabilities: RESOLVING,
      settings: { actions: { mode: 'chat', maxAttempts: 2 } },
      fake: { behavior: { text: '```python\ndef load(path:\n    with open(path) as handle\n        return json.load(handle)\n```' } },
    });
    client.open(URI, BROKEN, 'python');
    const [fix] = await actions(client, [JSN]);
    const resolved = await client.request('codeAction/resolve', fix);
    expect(resolved.result.edit).toBeUndefined();
    expect(fake.generationRequests()).toHaveLength(2);
    expect(fake.generationRequests()[1].body.messages.at(-1).content).toMatch(/^That does not work: syntax errors: line \d+/);
    expect(shown(client)).toHaveLength(1);
    expect(shown(client)[0]).toMatch(/^infill-ls: could not fix "jsn" is not defined: syntax errors: line \d+.*\. Nothing was changed\.$/);
  });

  it('says so when the diagnostic no longer matches the document', async () => {
    const { client, fake } = await startSession({ capabilities: RESOLVING, fake: { behavior: { text: FENCED_LOAD } } });
    client.open(URI, BROKEN, 'python');
    const stale = { ...JSN, range: { start: { line: 40, character: 0 }, end: { line: 40, character: 3 } } };
    const [fix] = await actions(client, [stale]);
    const resolved = await client.request('codeAction/resolve', fix);
    expect(resolved.result.edit).toBeUndefined();
    expect(fake.generationRequests()).toEqual([]);
    expect(shown(client)).toEqual([`infill-ls: the diagnostic no longer matches ${URI} (position 40:0 is past the end of ${URI} (11 lines)); nothing was changed.`]);
  });

  it('runs as a command for clients without resolve', async () => {
    const { client } = await startSession({ settings: { actions: { mode: 'chat' } }, fake: { behavior: { text: FENCED_LOAD } } });
    const applied: any[] = [];
    client.handlers.set('workspace/applyEdit', (params) => {
      applied.push(params);
      return { applied: true };
    });
    client.open(URI, BROKEN, 'python');
    const [fix] = await actions(client, [JSN]);
    expect(fix.command.command).toBe('infill.fixDiagnostics');
    await client.request('workspace/executeCommand', fix.command);
    expect(applyEdits(BROKEN, applied[0].edit.changes[URI])).toBe(ORIGINAL.replace('return w * h', 'return w * hh'));
  });
});
