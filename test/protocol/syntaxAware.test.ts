import { describe, expect, it } from 'vitest';
import { applyEdits, type LspClient } from './lspClient';
import { cursor, startSession } from './session';

async function complete(client: LspClient, uri: string, line: number, character: number) {
  const response = await client.request('textDocument/completion', { textDocument: { uri }, position: { line, character } });
  expect(response.error).toBeUndefined();
  return response.result as { isIncomplete: boolean; items: any[] };
}

const PY = 'file:///work/stats.py';
const PY_DOC = cursor(
  'import math\n\n\ndef mean(values):\n    █\n\n\ndef spread(values):\n    return max(values) - min(values)\n',
);
const PY_MIDDLE = 'total = sum(values)\n    return total / len(values)';

describe('syntax-aware completion', () => {
  it('cuts what an over-eager model writes past the function and keeps the true middle', async () => {
    const answer = PY_MIDDLE + '\n\n\ndef spread(values):\n    return max(values) - min(values)\n\n\ndef median(values):\n    return sorted(values)[len(values) // 2]\n';
    const { client } = await startSession({ fake: { behavior: { text: answer, splitBytes: 'random' } } });
    client.open(PY, PY_DOC.text, 'python');
    const list = await complete(client, PY, PY_DOC.line, PY_DOC.character);
    expect(list.items[0].textEdit.newText).toBe(PY_MIDDLE);
    expect(applyEdits(PY_DOC.text, [list.items[0].textEdit])).toBe(PY_DOC.text.replace('    \n', `    ${PY_MIDDLE}\n`));
  });

  it('stops the model as soon as the block is complete', async () => {
    const answer = PY_MIDDLE + '\n\n\ndef median(values):\n    ordered = sorted(values)\n    return ordered[len(ordered) // 2]\n' + '# more\n'.repeat(40);
    const { client, fake } = await startSession({ fake: { behavior: { text: answer, tokenChars: 4, tokenDelayMs: 5 } } });
    client.open(PY, PY_DOC.text, 'python');
    const list = await complete(client, PY, PY_DOC.line, PY_DOC.character);
    expect(list.items[0].textEdit.newText).toBe(PY_MIDDLE);
    const [request] = fake.generationRequests();
    await fake.waitFor(() => request.clientClosedAt !== undefined);
    expect(request.tokensSent).toBeLessThan(Math.ceil(answer.length / 4));
  });

  it('drops the rest of the line the model repeats, checked by re-parsing', async () => {
    const doc = cursor('function area(w: number, h: number): number {\n  return Math.max(█, 0);\n}\n');
    const { client } = await startSession({ fake: { behavior: { text: 'w * h, 0);\n}\n' } } });
    client.open('file:///work/area.ts', doc.text, 'typescript');
    const list = await complete(client, 'file:///work/area.ts', doc.line, doc.character);
    expect(list.items[0].textEdit.newText).toBe('w * h');
  });

  it('serves the rest of a suggestion from the cache while the user types it', async () => {
    const doc = cursor('function add(a, b) {\n  return a + b;\n}\nconst total = ad█');
    const uri = 'file:///work/demo.js';
    const { client, fake } = await startSession({ fake: { behavior: { text: 'd(1, 2);' } } });
    client.open(uri, doc.text, 'javascript');
    expect((await complete(client, uri, doc.line, doc.character)).items[0].textEdit.newText).toBe('add(1, 2);');
    client.notify('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 3, character: 16 }, end: { line: 3, character: 16 } }, text: 'd(' }],
    });
    const next = await complete(client, uri, 3, 18);
    expect(fake.generationRequests()).toHaveLength(1);
    expect(next.items[0].textEdit).toEqual({ range: { start: { line: 3, character: 18 }, end: { line: 3, character: 18 } }, newText: '1, 2);' });
    // Asking again at the same place answers from the cache too.
    expect((await complete(client, uri, 3, 18)).items[0].textEdit.newText).toBe('1, 2);');
    expect(fake.generationRequests()).toHaveLength(1);
  });

  it('never sends the same context twice in a row', async () => {
    const { client, fake } = await startSession({ fake: { behavior: { text: '   ' } } });
    client.open('file:///work/a.py', 'x = ', 'python');
    for (let i = 0; i < 3; i++) expect((await complete(client, 'file:///work/a.py', 0, 4)).items).toEqual([]);
    expect(fake.generationRequests()).toHaveLength(1);
  });

  it('keeps the imports and the enclosing headers when the budget cuts the file', async () => {
    const filler = Array.from({ length: 60 }, (_, i) => `        self.v${i} = ${i}`).join('\n');
    const doc = cursor(`import os\nfrom typing import List\n\n\nclass Store:\n    def __init__(self):\n${filler}\n        █\n`);
    const { client, fake } = await startSession({
      settings: { context: { prefixTokens: 100, suffixTokens: 50 } },
      fake: { behavior: { text: 'self.ready = True' } },
    });
    client.open('file:///work/store.py', doc.text, 'python');
    await complete(client, 'file:///work/store.py', doc.line, doc.character);
    const prompt: string = fake.generationRequests()[0].body.prompt;
    expect(prompt.startsWith('import os\nfrom typing import List\n\nclass Store:\n    def __init__(self):\n        self.v')).toBe(true);
    expect(prompt.endsWith('        self.v59 = 59\n        ')).toBe(true);
    expect(prompt.length).toBeLessThanOrEqual(400);
  });

  it('shows definitions from other open files as comments, and never sends secrets', async () => {
    const { client, fake } = await startSession({ fake: { behavior: { text: 'add(1, 2);' } } });
    client.open('file:///work/src/util.ts', 'export function add(a: number, b: number): number {\n  return a + b;\n}\n\nexport function unused(): void {}\n', 'typescript');
    client.open('file:///work/.env', 'API_KEY=hunter2\n', 'dotenv');
    client.open('file:///work/src/main.ts', "import { add } from './util';\n\nconst total = ", 'typescript');
    await complete(client, 'file:///work/src/main.ts', 2, 14);
    expect(fake.generationRequests()[0].body.prompt).toBe(
      "// Path: util.ts\n// function add(a: number, b: number): number {\n//   return a + b;\n// }\n\nimport { add } from './util';\n\nconst total = ",
    );
    expect((await complete(client, 'file:///work/.env', 0, 8)).items).toEqual([]);
    expect(fake.generationRequests()).toHaveLength(1);
    expect(JSON.stringify(fake.requests.map((r) => r.rawBody))).not.toContain('hunter2');
  });
});
