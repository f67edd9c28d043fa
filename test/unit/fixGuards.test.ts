import { beforeAll, describe, expect, it } from 'vitest';
import { fixProblems } from '../../server/actions/fixDiagnostics';
import { DocumentTrees } from '../../server/syntax/documentTrees';
import { GrammarRegistry } from '../../server/syntax/grammarRegistry';
import { ScriptedModel } from '../realcode/harness';

/**
 * What "Fix with AI" refuses rather than writes: an answer that moves a method out of its
 * class (or removes it), or leaves the unit it fixes with errors (issue 11). The file
 * stays as it was and the reason says why.
 */
const registry = new GrammarRegistry();
const trees = new DocumentTrees(registry);
let n = 0;

async function fixWith(text: string, at: string, message: string, answer: string) {
  const uri = `file:///guards/${++n}`;
  trees.open(uri, 'python', text, 1);
  const syntax = (await trees.snapshot(uri, text, 1))!;
  try {
    const start = text.indexOf(at);
    return await fixProblems(
      { path: 'shop.py', languageId: 'python', syntax, lineComment: '#', otherFiles: [], problems: [{ message, range: { start, end: start + at.length } }] },
      {
        provider: new ScriptedModel(answer),
        mode: 'chat',
        maxAttempts: 1,
        maxTokens: 512,
        temperature: 0,
        timeoutMs: 5000,
        budget: { prefixTokens: 1024, suffixTokens: 512 },
        signal: new AbortController().signal,
        log: () => undefined,
      },
    );
  } finally {
    syntax.dispose();
    trees.close(uri);
  }
}

const DOC = 'class Cart:\n    def total(self):\n        return sum(self.pricez)\n\n    def count(self):\n        return len(self.prices)\n';

describe('Fix with AI refuses what is not a fix', () => {
  beforeAll(async () => {
    await registry.load(registry.entries.find((e) => e.id === 'python')!);
  });

  it('takes the fix itself', async () => {
    const outcome = await fixWith(DOC, 'pricez', 'Cannot access attribute "pricez"', '```python\nclass Cart:\n    def total(self):\n        return sum(self.prices)\n\n    def count(self):\n        return len(self.prices)\n```');
    expect(outcome).toEqual({ ok: true, changes: [{ start: DOC.indexOf('pricez') + 5, end: DOC.indexOf('pricez') + 6, newText: 's' }] });
  });

  it('refuses an answer that moves a method out of its class', async () => {
    // The problem is in the class header: the unit is the whole class.
    const doc = 'class Cart(Bse):\n    def total(self):\n        return sum(self.prices)\n\n    def count(self):\n        return len(self.prices)\n';
    const moved = '```python\nclass Cart(Base):\n    def total(self):\n        return sum(self.prices)\n\ndef count(self):\n    return len(self.prices)\n```';
    const outcome = await fixWith(doc, 'Bse', '"Bse" is not defined', moved);
    expect(outcome).toEqual({ ok: false, problem: 'the fix removes count or moves it out of its place' });
  });

  it('refuses an answer that leaves the fixed code with a syntax error', async () => {
    const broken = 'def f(x):\n    return g(x\n\n\ndef g(y):\n    return y\n';
    const outcome = await fixWith(broken, 'g(x', "'(' was not closed", '```python\ndef f(x):\n    return g(x]\n```');
    expect(outcome.ok).toBe(false);
    expect(outcome.ok ? '' : outcome.problem).toMatch(/^syntax errors/);
  });
});
