// A completion right after a keystroke goes to the model with the tree as the keystroke
// edited it (not parsed yet); the parsed tree then decides. Where it gives another context,
// the first request is dropped and the right one asked: no answer for a stale context is offered.
import { describe, expect, it } from 'vitest';
import type { RecordedRequest } from '../fake-model';
import { startSession } from './session';

const URI = 'file:///work/cart.py';
// The method's header lies above a small prefix budget: the prompt shows it only where the
// tree says the cursor is inside the method.
const BODY = Array.from({ length: 12 }, (_, i) => `        v${i} = self.items[${i}]\n`).join('');
const TEXT = `class Cart:\n    def total(self):\n${BODY}\n\nprint(Cart)\n`;
const LINE = 2 + 12; // the empty line after the body

function line(text: string, n: number): string {
  return text.split('\n')[n];
}

const answered = (req: RecordedRequest) => (String(req.body.prompt).includes('def total(self):') ? 'urn v0 + v1' : 'WRONG');

/**
 * A session on `text`, its model thinking `headerDelayMs` before it writes: a completion at
 * the class's header, then "ret" typed on the empty line below the body and a completion at
 * once: in the tree as edited (not parsed yet) the line lies after the method; parsed, it is in it.
 */
async function typedAfterACompletion(text: string, headerDelayMs: number) {
  const { client, fake } = await startSession({ settings: { context: { prefixTokens: 48, suffixTokens: 16 }, log: { level: 'debug' } }, fake: { behavior: { text: answered, headerDelayMs } } });
  client.open(URI, text, 'python');
  await client.request('textDocument/completion', { textDocument: { uri: URI }, position: { line: 0, character: 11 } });
  const before = fake.generationRequests().length;
  client.notify('textDocument/didChange', {
    textDocument: { uri: URI, version: 2 },
    contentChanges: [{ range: { start: { line: LINE, character: 0 }, end: { line: LINE, character: 0 } }, text: '        ret' }],
  });
  const response = await client.request('textDocument/completion', { textDocument: { uri: URI }, position: { line: LINE, character: 11 } });
  const asked = fake.generationRequests().slice(before);
  const logged = client.notifications('window/logMessage').map((m) => m.params.message as string);
  // The request made with the edited tree dropped for the parsed tree's.
  const askedAgain = logged.filter((m) => m.endsWith('@2: the parsed tree gives another context; asking again')).length;
  const items: string[] = response.result.items.map((i: any) => i.textEdit?.newText ?? i.insertText);
  // Every stream finished or closed, none left streaming.
  await fake.waitFor(() => asked.every((r) => r.finishedAt !== undefined || r.clientClosedAt !== undefined), 2000);
  return { asked, askedAgain, items };
}

describe('the request sent before the parse', () => {
  it('is replaced when the parsed tree gives another context, and the answer comes from the right one', async () => {
    // The first completion parses this small document whole.
    const { asked, askedAgain, items } = await typedAfterACompletion(TEXT, 0);
    expect(line(String(asked.at(-1)!.body.prompt), 0)).toBe('class Cart:');
    expect(String(asked.at(-1)!.body.prompt)).toContain('    def total(self):\n');
    expect(items).toContain('return v0 + v1');
    // At most one request for the stale context.
    expect(askedAgain).toBe(1);
    expect(asked.length).toBeLessThanOrEqual(2);
    if (asked.length === 2) expect(String(asked[0].body.prompt)).not.toContain('def total(self):');
  });

  it('is made for completions asked one after another in a document opened unparsed: the whole is parsed while the model thinks', async () => {
    // Large enough that a completion parses only its region, and the whole needs tens of
    // parse slices: they run while the model thinks over the first completion.
    const filler = Array.from({ length: 6000 }, (_, i) => `def g${i}(x):\n    return x + ${i}\n\n\n`).join('');
    const { askedAgain, items } = await typedAfterACompletion(TEXT + '\n\n' + filler, 1000);
    expect(items).toContain('return v0 + v1');
    expect(askedAgain).toBe(1);
  });
});
