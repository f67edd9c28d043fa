import { describe, expect, it } from 'vitest';
import type { Behavior, FakeModel } from '../fake-model';
import { CONTROL_TOKENS } from '../../server/models/stopSequences';
import { cursor, startSession } from './session';

/**
 * Control tokens never reach the buffer (issue 10): every backend sends the model family's
 * stop sequences, and the server cuts at them itself when the model server ignores them.
 */
type Backend = 'ollama' | 'openai' | 'llamacpp';
const BACKENDS: Backend[] = ['ollama', 'openai', 'llamacpp'];
const QWEN = 'qwen2.5-coder:1.5b-base';

const STOPS = {
  qwen: ['<|endoftext|>', '<|file_sep|>', '<|repo_name|>', '<|fim_prefix|>', '<|fim_suffix|>', '<|fim_middle|>', '<|fim_pad|>', '<|im_start|>', '<|im_end|>'],
  starcoder: ['<|endoftext|>', '<file_sep>', '<repo_name>', '<fim_prefix>', '<fim_suffix>', '<fim_middle>', '<fim_pad>'],
  deepseek: ['<｜end▁of▁sentence｜>', '<|EOT|>', '<｜begin▁of▁sentence｜>', '<｜fim▁begin｜>', '<｜fim▁hole｜>', '<｜fim▁end｜>'],
  codellama: ['<EOT>', '</s>', '<PRE>', '<SUF>', '<MID>'],
};

const BLOCK = cursor('def mean(values):\n    █\n\n\nprint(mean([1, 2]))\n');
const LINE = cursor('def mean(values):\n    return sum(█)\n');
const URI = 'file:///work/stats.py';

interface Ask {
  name?: string;
  doc?: ReturnType<typeof cursor>;
  behavior?: Behavior;
  models?: FakeModel[];
  completion?: Record<string, unknown>;
}

/** One completion through the built server against a fake of `backend`; the request the fake recorded and the items. */
async function ask(backend: Backend, { name = QWEN, doc = BLOCK, behavior = {}, models, completion = {} }: Ask) {
  const { client, fake } = await startSession({
    fake: { flavor: backend, behavior, ...(models ? { models } : {}) },
    settings: { model: { provider: backend, name }, completion },
  });
  client.open(URI, doc.text, 'python');
  const r = await client.request('textDocument/completion', { textDocument: { uri: URI }, position: { line: doc.line, character: doc.character } });
  expect(r.error).toBeUndefined();
  const [req] = fake.generationRequests();
  const stop = (backend === 'ollama' ? req.body.options.stop : req.body.stop) as string[];
  return { items: r.result.items as any[], req, stop, fake };
}

describe('stop sequences sent', () => {
  const CASES: Array<[Backend, string, string[]]> = [
    ['ollama', QWEN, STOPS.qwen],
    ['openai', QWEN, STOPS.qwen],
    ['llamacpp', QWEN, STOPS.qwen],
    ['ollama', 'starcoder2:3b', STOPS.starcoder],
    ['openai', 'deepseek-coder:6.7b-base', STOPS.deepseek],
    ['llamacpp', 'codellama:7b-code', STOPS.codellama],
  ];
  it.each(CASES)('%s with %s: the family’s control tokens', async (backend, name, expected) => {
    const { stop, req } = await ask(backend, { name, models: [{ name }], behavior: { text: 'return 1' } });
    expect(stop).toEqual(expected);
    // Native mode on Ollama (the model has insert) and llama.cpp: the family comes from the name.
    if (backend === 'ollama') expect(req.body.raw).toBeUndefined();
  });

  // A chat model's one line comes after a fence line: the server is not stopped at `\n`, the stream is closed here at the code's line break.
  it.each(BACKENDS)('%s: one line sends no \\n stop and ends at the code’s line break', async (backend) => {
    const { stop, items } = await ask(backend, { doc: LINE, behavior: { text: 'values\n    more = 1\n' } });
    expect(stop).toEqual([...STOPS.qwen]);
    expect(items[0].textEdit.newText).toBe('values');
  });

  it.each(BACKENDS)('%s: one line in a chat model’s fence', async (backend) => {
    const { items } = await ask(backend, { doc: LINE, behavior: { text: 'Here is the code:\n```python\nvalues\n```\n' } });
    expect(items[0].textEdit.newText).toBe('values');
  });

  it.each(BACKENDS)('%s: an unknown family gets every family’s control tokens, but not </s>', async (backend) => {
    const { stop } = await ask(backend, { name: 'my-model', models: [{ name: 'my-model' }], behavior: { text: 'return 1' } });
    expect(stop).toEqual([...CONTROL_TOKENS]);
    expect(stop).toContain('<|file_sep|>');
    expect(stop).toContain('[SUFFIX]');
    expect(stop).not.toContain('</s>');
  });

  it.each(BACKENDS)('%s: completion.stop is sent before the family’s tokens', async (backend) => {
    const { stop } = await ask(backend, { completion: { stop: ['<END>', '\n\n'] }, behavior: { text: 'return 1' } });
    expect(stop).toEqual(['<END>', '\n\n', ...STOPS.qwen]);
  });
});

describe('a server that ignores the stop sequences', () => {
  // Indented lines after the token: the block is not over, so only the control token can end the stream.
  const TAIL = '\n    total = 0'.repeat(60);

  it.each(BACKENDS)('%s: the text after <|file_sep|> never reaches the buffer', async (backend) => {
    const { items } = await ask(backend, { behavior: { text: 'return total<|file_sep|>other/file.py\nimport os\n', ignoreStop: true } });
    expect(items.map((i) => i.textEdit.newText)).toEqual(['return total']);
  });

  it.each(BACKENDS)('%s: the stream stops at the control token', async (backend) => {
    const answer = `return total<|file_sep|>${TAIL}`;
    const { items, req, fake } = await ask(backend, { behavior: { text: answer, ignoreStop: true, tokenChars: 4, tokenDelayMs: 5 } });
    expect(items.map((i) => i.textEdit.newText)).toEqual(['return total']);
    await fake.waitFor(() => req.clientClosedAt !== undefined || req.finishedAt !== undefined);
    expect(req.clientClosedAt).toBeDefined();
    expect(req.tokensSent).toBeLessThan(Math.ceil(answer.length / 4));
  });

  it.each(BACKENDS)('%s: completion.stop is cut at locally', async (backend) => {
    const { items } = await ask(backend, { completion: { stop: ['<END>'] }, behavior: { text: `return total<END>${TAIL}`, ignoreStop: true } });
    expect(items.map((i) => i.textEdit.newText)).toEqual(['return total']);
  });

  it('a FIM marker the model echoed before its code is dropped, the code kept', async () => {
    const { items } = await ask('ollama', { behavior: { text: '<|fim_middle|>return sum(values)<|endoftext|>', ignoreStop: true } });
    expect(items.map((i) => i.textEdit.newText)).toEqual(['return sum(values)']);
  });
});
