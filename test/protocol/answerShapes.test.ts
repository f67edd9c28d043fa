import { describe, expect, it } from 'vitest';
import type { Behavior } from '../fake-model';
import { cursor, startSession } from './session';

/**
 * What a model says besides the code never reaches the buffer, and the code it got right
 * comes back whole (issue 10), through the built server and each backend: a last line cut
 * off at the token limit, a stream the server stops past the function, a chat model's fence,
 * a CRLF document answered with `\n`.
 */
type Backend = 'ollama' | 'openai' | 'llamacpp';
const BACKENDS: Backend[] = ['ollama', 'openai', 'llamacpp'];
const URI = 'file:///work/stats.py';
const DOC = cursor('def mean(values):\n    █\n\n\nprint(mean([1, 2]))\n');
const BODY = 'total = sum(values)\n    return total / len(values)';

async function complete(backend: Backend, behavior: Behavior, opts: { text?: string; completion?: Record<string, unknown> } = {}) {
  const doc = opts.text ? cursor(opts.text) : DOC;
  const { client, fake } = await startSession({
    fake: { flavor: backend, behavior: { tokenChars: 4, ...behavior } },
    settings: { model: { provider: backend, name: 'qwen2.5-coder:1.5b-base' }, completion: opts.completion ?? {} },
  });
  client.open(URI, doc.text, 'python');
  const r = await client.request('textDocument/completion', { textDocument: { uri: URI }, position: { line: doc.line, character: doc.character } });
  expect(r.error).toBeUndefined();
  const items = r.result.items as Array<{ textEdit: { newText: string } }>;
  // A block also comes as its first line alone: the whole suggestion is the first item.
  return { texts: items.slice(0, 1).map((i) => i.textEdit.newText), fake };
}

describe('the code a model got right comes back whole', () => {
  it.each(BACKENDS)('%s: an answer cut off by the token limit loses its unfinished last line', async (backend) => {
    // 4 characters a token: 10 tokens end inside `len(values)`.
    const { texts, fake } = await complete(backend, { text: `${BODY}\n` }, { completion: { maxTokens: 10 } });
    expect(texts).toEqual(['total = sum(values)']);
    expect(fake.generationRequests()).toHaveLength(1);
  });

  it.each(BACKENDS)('%s: a stream stopped past the function leaves no piece of the next line', async (backend) => {
    const more = '\n\n\ndef median(values):\n    ordered = sorted(values)\n    return ordered[len(ordered) // 2]\n\n\ndef mode(values):\n    return max(set(values), key=values.count)\n';
    const { texts, fake } = await complete(backend, { text: BODY + more, tokenDelayMs: 5 });
    expect(texts).toEqual([BODY]);
    // The server closed the stream once `median` was whole: the rest was never generated.
    const [rec] = fake.generationRequests().filter((r) => r.path !== '/api/show');
    await fake.waitFor(() => rec.clientClosedAt !== undefined);
    expect(rec.tokensSent).toBeLessThan(Math.ceil((BODY.length + more.length) / 4));
  });

  it.each(BACKENDS)('%s: a chat model’s fenced answer gives its code', async (backend) => {
    const { texts } = await complete(backend, { text: `Here is the completed function:\n\n\`\`\`python\n${BODY}\n\`\`\`\n\nIt returns the mean.` });
    expect(texts).toEqual([BODY]);
  });

  it.each(BACKENDS)('%s: a CRLF document gets CRLF, though the model wrote \\n', async (backend) => {
    const { texts } = await complete(backend, { text: BODY }, { text: DOC.text.replace(/\n/g, '\r\n').replace('    ', '    █') });
    expect(texts).toEqual([BODY.replace(/\n/g, '\r\n')]);
  });
});
