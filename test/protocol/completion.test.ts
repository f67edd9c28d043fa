import { describe, expect, it } from 'vitest';
import { applyEdits } from './lspClient';
import { cursor, startSession } from './session';

const URI = 'file:///work/demo.ts';
/** Qwen2.5-Coder's control tokens, sent with every request to the default model (native mode too). */
const QWEN_STOPS = ['<|endoftext|>', '<|file_sep|>', '<|repo_name|>', '<|fim_prefix|>', '<|fim_suffix|>', '<|fim_middle|>', '<|fim_pad|>', '<|im_start|>', '<|im_end|>'];

async function complete(client: import('./lspClient').LspClient, uri: string, line: number, character: number) {
  const response = await client.request('textDocument/completion', {
    textDocument: { uri },
    position: { line, character },
    context: { triggerKind: 1 },
  });
  expect(response.error).toBeUndefined();
  return response.result as { isIncomplete: boolean; items: any[] };
}

describe('initialize', () => {
  it('declares what the server does', async () => {
    const { client } = await startSession();
    const init = client.received.find((m) => m.id === 1)!;
    expect(init.result).toEqual({
      capabilities: {
        positionEncoding: 'utf-16',
        textDocumentSync: { openClose: true, change: 2 },
        completionProvider: {
          triggerCharacters: ['.', '(', '[', '{', ',', ':', '=', ' '],
          resolveProvider: false,
          completionItem: { labelDetailsSupport: true },
        },
        codeActionProvider: { codeActionKinds: ['quickfix', 'source.fixAll.infill', 'refactor.rewrite'], resolveProvider: true },
        executeCommandProvider: { commands: ['infill.fixDiagnostics', 'infill.implementStub'] },
      },
      serverInfo: { name: 'infill-ls', version: expect.stringMatching(/^\d+\.\d+\.\d+/) },
    });
  });
});

describe('textDocument/completion', () => {
  it('sends prefix and suffix to /api/generate and inserts the answer exactly at the cursor', async () => {
    const { client, fake } = await startSession({ fake: { behavior: { text: 'a + b' } } });
    const doc = cursor('function add(a: number, b: number) {\n  return █;\n}\n');
    client.open(URI, doc.text);
    const list = await complete(client, URI, doc.line, doc.character);

    const [request] = fake.generationRequests();
    expect(request.path).toBe('/api/generate');
    expect(request.body).toMatchObject({
      model: 'qwen2.5-coder:1.5b-base',
      prompt: 'function add(a: number, b: number) {\n  return ',
      suffix: ';\n}\n',
      stream: true,
      options: { num_predict: 64, temperature: 0.2, stop: [...QWEN_STOPS] },
    });
    expect(request.body.raw).toBeUndefined();
    expect(list.isIncomplete).toBe(true);
    expect(list.items).toHaveLength(1);
    expect(list.items[0].textEdit).toEqual({
      range: { start: { line: 1, character: 9 }, end: { line: 1, character: 9 } },
      newText: 'a + b',
    });
    expect(applyEdits(doc.text, [list.items[0].textEdit])).toBe(
      'function add(a: number, b: number) {\n  return a + b;\n}\n',
    );
  });

  it('keeps the word the user has started typing and filters on it', async () => {
    const { client } = await startSession({ fake: { behavior: { text: 'd(1, 2);' } } });
    const doc = cursor('function add(a, b) {\n  return a + b;\n}\nconst total = ad█');
    client.open(URI, doc.text, 'javascript');
    const [item] = (await complete(client, URI, doc.line, doc.character)).items;
    expect(item.label).toBe('add(1, 2);');
    expect(item.filterText).toBe('add(1, 2);');
    expect(item.textEdit).toEqual({
      range: { start: { line: 3, character: 14 }, end: { line: 3, character: 16 } },
      newText: 'add(1, 2);',
    });
    expect(applyEdits(doc.text, [item.textEdit])).toBe('function add(a, b) {\n  return a + b;\n}\nconst total = add(1, 2);');
  });

  it('inserts a multi-line block with the indentation the model wrote, and offers its first line alone', async () => {
    const body = 'if n < 2:\n        return n\n    return fib(n - 1) + fib(n - 2)';
    const { client, fake } = await startSession({ fake: { behavior: { text: body, splitBytes: 'random' } } });
    const doc = cursor('def fib(n):\n    █\n\nprint(fib(10))\n');
    client.open('file:///work/fib.py', doc.text, 'python');
    const list = await complete(client, 'file:///work/fib.py', doc.line, doc.character);
    expect(fake.generationRequests()[0].body.options.stop).toEqual(QWEN_STOPS);
    expect(list.items.map((i) => i.textEdit.newText)).toEqual([body, 'if n < 2:']);
    expect(list.items[0].insertTextMode).toBe(1);
    expect(applyEdits(doc.text, [list.items[0].textEdit])).toBe(
      'def fib(n):\n    if n < 2:\n        return n\n    return fib(n - 1) + fib(n - 2)\n\nprint(fib(10))\n',
    );
  });

  it('follows incremental changes and UTF-16 positions', async () => {
    const { client, fake } = await startSession({ fake: { behavior: { text: '😀"' } } });
    client.open(URI, 'const s = "é";\n');
    client.notify('textDocument/didChange', {
      textDocument: { uri: URI, version: 2 },
      contentChanges: [
        { range: { start: { line: 0, character: 11 }, end: { line: 0, character: 12 } }, text: 'é€' },
        { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: 'const t = "' },
      ],
    });
    const list = await complete(client, URI, 1, 11);
    expect(fake.generationRequests()[0].body.prompt).toBe('const s = "é€";\nconst t = "');
    expect(list.items[0].textEdit.range).toEqual({ start: { line: 1, character: 11 }, end: { line: 1, character: 11 } });
  });

  it('speaks UTF-8 positions when the client prefers them', async () => {
    const { client, fake } = await startSession({
      capabilities: { general: { positionEncodings: ['utf-8', 'utf-16'] } },
      fake: { behavior: { text: 'x' } },
    });
    expect(client.received.find((m) => m.id === 1)!.result.capabilities.positionEncoding).toBe('utf-8');
    client.open(URI, 'let é€😀 = 1;\n');
    // After "let é€😀": 4 + 2 + 3 + 4 = 13 bytes.
    client.notify('textDocument/didChange', {
      textDocument: { uri: URI, version: 2 },
      contentChanges: [{ range: { start: { line: 0, character: 13 }, end: { line: 0, character: 13 } }, text: 'ab' }],
    });
    const list = await complete(client, URI, 0, 15);
    expect(fake.generationRequests()[0].body.prompt).toBe('let é€😀ab');
    expect(list.items[0].textEdit).toEqual({
      range: { start: { line: 0, character: 13 }, end: { line: 0, character: 15 } },
      newText: 'abx',
    });
  });

  it('writes CRLF line breaks into a CRLF document', async () => {
    const { client } = await startSession({ fake: { behavior: { text: 'a = 1\n    b = 2' } } });
    client.open('file:///work/crlf.py', 'def f():\r\n    \r\n', 'python');
    const list = await complete(client, 'file:///work/crlf.py', 1, 4);
    expect(list.items[0].textEdit.newText).toBe('a = 1\r\n    b = 2');
  });
});

describe('bad requests', () => {
  it('answers an unknown document and a position past the end with a clear error, then keeps serving', async () => {
    const { client } = await startSession({ fake: { behavior: { text: 'ok' } } });
    const unknown = await client.request('textDocument/completion', {
      textDocument: { uri: 'file:///nowhere.ts' },
      position: { line: 0, character: 0 },
    });
    expect(unknown.error).toEqual({
      code: -32602,
      message: 'infill-ls has no open document file:///nowhere.ts; send textDocument/didOpen first',
    });
    client.open(URI, 'one\ntwo\n');
    const past = await client.request('textDocument/completion', { textDocument: { uri: URI }, position: { line: 7, character: 0 } });
    expect(past.error).toEqual({ code: -32602, message: `position 7:0 is past the end of ${URI} (3 lines)` });
    const bad = await client.request('textDocument/completion', { textDocument: { uri: URI }, position: { line: -1 } });
    expect(bad.error?.code).toBe(-32602);
    // Malformed messages do not kill the server.
    client.writeRaw('{"jsonrpc":"2.0","id":99,"method":');
    client.writeRaw('[1,2,3]');
    const list = await complete(client, URI, 1, 3);
    expect(list.items[0].textEdit.newText).toBe('twook');
  });

  it('gives no completion in a binary file', async () => {
    const { client, fake } = await startSession();
    client.open(URI, 'abc\u0000def');
    const list = await complete(client, URI, 0, 3);
    expect(list.items).toEqual([]);
    expect(fake.generationRequests()).toHaveLength(0);
  });
});
