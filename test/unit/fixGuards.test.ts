import { beforeAll, describe, expect, it } from 'vitest';
import { applyChanges, fixProblems } from '../../server/actions/fixDiagnostics';
import { changeOutsideUnit, partlyReindented } from '../../server/actions/fixGuards';
import type { TextChange } from '../../server/postprocess/mapFix';
import { DocumentTrees } from '../../server/syntax/documentTrees';
import { GrammarRegistry } from '../../server/syntax/grammarRegistry';
import { ScriptedModel, testActionOptions } from '../realcode/harness';
import { copiedSuffixCut } from '../../server/postprocess/suffixOverlap';

/**
 * What "Fix with AI" refuses rather than writes: an answer that moves a method out of its
 * class (or removes it), or leaves the unit it fixes with errors (issue 11). The file
 * stays as it was and the reason says why.
 */
const registry = new GrammarRegistry();
const trees = new DocumentTrees(registry);
let n = 0;

/** A guard run on `changes` to `text`, the unit being the lines of `unitText`. */
async function guard(text: string, unitText: string, changes: TextChange[], which: 'outside' | 'reindent') {
  const uri = `file:///guards/${++n}`;
  trees.open(uri, 'python', text, 1);
  const syntax = (await trees.snapshot(uri, text, 1))!;
  const candidate = applyChanges(text, changes);
  const tree = syntax.parse(candidate)!;
  try {
    const unit = { start: text.indexOf(unitText), end: text.indexOf(unitText) + unitText.length };
    const shift = changes.reduce((d, c) => d + c.newText.length - (c.end - c.start), 0);
    return which === 'outside' ? changeOutsideUnit(syntax, unit, changes, tree, candidate) : partlyReindented(syntax, unit, changes, tree, { start: unit.start, end: unit.end + shift });
  } finally {
    tree.delete();
    syntax.dispose();
    trees.close(uri);
  }
}

async function fixWith(text: string, at: string, message: string, answer: ConstructorParameters<typeof ScriptedModel>[0], mode: 'chat' | 'fim' = 'chat') {
  const uri = `file:///guards/${++n}`;
  trees.open(uri, 'python', text, 1);
  const syntax = (await trees.snapshot(uri, text, 1))!;
  try {
    const start = text.indexOf(at);
    return await fixProblems(
      { path: 'shop.py', languageId: 'python', syntax, lineComment: '#', otherFiles: [], problems: [{ message, range: { start, end: start + at.length } }] },
      testActionOptions(new ScriptedModel(answer), mode, { maxTokens: 512, budget: { prefixTokens: 1024, suffixTokens: 512 } }),
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
    expect(outcome).toEqual({ ok: false, problem: 'the fix removes count' });
  });

  it('refuses an answer that leaves the fixed code with a syntax error', async () => {
    const broken = 'def f(x):\n    return g(x\n\n\ndef g(y):\n    return y\n';
    const outcome = await fixWith(broken, 'g(x', "'(' was not closed", '```python\ndef f(x):\n    return g(x]\n```');
    expect(outcome.ok).toBe(false);
    expect(outcome.ok ? '' : outcome.problem).toMatch(/^syntax errors/);
  });

  it('refuses a change to a line outside the unit that is not an import, and takes an added or widened import', async () => {
    const doc = 'import os\nfrom typing import Any\n\nLIMIT = 3\n\n\ndef f():\n    return os.sep\n';
    const unit = 'def f():\n    return os.sep';
    const at = (s: string) => doc.indexOf(s);
    expect(await guard(doc, unit, [{ start: at('3'), end: at('3') + 1, newText: '4' }], 'outside')).toBe('the fix changes line 4, outside the code it fixes');
    expect(await guard(doc, unit, [{ start: at('import os\n') + 10, end: at('import os\n') + 10, newText: 'import sys\n' }], 'outside')).toBeUndefined();
    expect(await guard(doc, unit, [{ start: at('Any') + 3, end: at('Any') + 3, newText: ', Dict' }], 'outside')).toBeUndefined();
    // Removing an import is no fix of another line.
    expect(await guard(doc, unit, [{ start: 0, end: 10, newText: '' }], 'outside')).toBe('the fix changes line 1, outside the code it fixes');
  });

  it('refuses a change that moves the first line of a definition but leaves its other lines', async () => {
    const doc = 'if True:\n    def f():\n        x = 1\n        return x\n';
    const unit = '    def f():\n        x = 1\n        return x';
    // The whole definition moved: fine; only its first line: refused.
    const all = [{ start: doc.indexOf('    def'), end: doc.length, newText: '    def f():\n            x = 1\n            return x\n' }];
    expect(await guard(doc, unit, all, 'reindent')).toBeUndefined();
    const header = [{ start: doc.indexOf('    def'), end: doc.indexOf('    def') + 4, newText: '' }];
    expect(await guard(doc, unit, header, 'reindent')).toBe('the fix moves the first line of f but not all of its lines');
  });

  it('takes the definition of the unit\'s kind with a body, not an overload signature of the same name', async () => {
    const doc = 'class Cart:\n    def total(self):\n        return sum(self.pricez)\n';
    const answer = '```python\nclass Cart:\n    total = None\n\n    def total(self):\n        return sum(self.prices)\n```';
    const outcome = await fixWith(doc, 'pricez', 'Cannot access attribute "pricez"', answer);
    expect(outcome.ok && applyChanges(doc, outcome.changes)).toBe(doc.replace('pricez', 'prices'));
  });

  it('in fill-in-the-middle mode, adds a missing import above the unit when the unit needs no change', async () => {
    const doc = 'import json\n\n\ndef save(path):\n    return os.path.exists(path)\n';
    // The model keeps the unit as it is, and writes the import at the end of the imports.
    const unit = 'def save(path):\n    return os.path.exists(path)\n';
    const outcome = await fixWith(doc, 'os', '"os" is not defined', (req) => ('suffix' in req && req.suffix === '\n' ? unit : 'import os\n'), 'fim');
    expect(outcome.ok && applyChanges(doc, outcome.changes)).toBe('import json\nimport os\n\n\ndef save(path):\n    return os.path.exists(path)\n');
  });

  it('in fill-in-the-middle mode, cuts the control token glued to the last line and the closing lines copied from after the unit', async () => {
    const doc = 'class Cart:\n    def total(self):\n        return sum(self.pricez)\n\n    def count(self):\n        return 0\n';
    const answer = '    def total(self):\n        return sum(self.prices)<|endoftext|>';
    const outcome = await fixWith(doc, 'pricez', 'Cannot access attribute "pricez"', answer, 'fim');
    expect(outcome.ok && applyChanges(doc, outcome.changes)).toBe(doc.replace('pricez', 'prices'));
    const js = 'class A {\n  f() {\n    return this.xz;\n  }\n}\n';
    const copied = '  f() {\n    return this.x;\n  }\n}\n';
    expect(copiedSuffixCut(copied, '\n}\n')).toBe(copied.length - 2);
    expect(copiedSuffixCut('  }\n', '\n}\n')).toBeUndefined();
    expect(js).toContain('xz');
  });
});
