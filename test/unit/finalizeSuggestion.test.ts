import { afterAll, describe, expect, it } from 'vitest';
import { finalizeSuggestion, type SpliceResult, type SuggestionContext } from '../../server/postprocess/finalizeSuggestion';
import { DocumentTrees } from '../../server/syntax/documentTrees';
import { GrammarRegistry } from '../../server/syntax/grammarRegistry';
import { spliceCheck } from '../../server/syntax/spliceCheck';

/** The suggestion for `raw` at the `|` of `marked`. */
function at(marked: string, raw: string, ctx: Partial<SuggestionContext> = {}): string {
  const offset = marked.indexOf('|');
  return finalizeSuggestion(raw, { text: marked.slice(0, offset) + marked.slice(offset + 1), offset, multiline: false, ...ctx });
}

/** A splice check that counts each `(` as a syntax error (no unit end). */
const parens = (s: string): SpliceResult => ({ errors: (s.match(/\(/g) ?? []).length });

describe('finalizeSuggestion: one line', () => {
  it("keeps the first line, in the document's line breaks, without trailing blanks before a line break", () => {
    expect(finalizeSuggestion('abc  ', { text: 'x = \r\nnext\r\n', offset: 4, multiline: false })).toBe('abc');
    expect(at('x = |', 'abc  ')).toBe('abc');
    expect(at('x = |y', 'abc  ')).toBe('abc  ');
    expect(at('|', 'foo\rbar')).toBe('foo');
    expect(at('|', 'a\r\nb')).toBe('a');
    expect(at('|', 'foo();'.repeat(6))).toBe('foo();');
  });

  it('ignores a unit end for one line', () => {
    const splice = (): SpliceResult => ({ errors: 0, unitEnd: 3 });
    expect(at('|', 'abcdef', { splice })).toBe('abcdef');
    expect(at('|', 'abcdef', { splice, multiline: true })).toBe('abc');
  });

  it('cuts a copy of the whole rest of the line when the model ended the line, else only closing punctuation', () => {
    const cases: [string, string, boolean, string][] = [
      ['call(|x)\n', 'y, x)\n', false, 'y, '],
      ['call(|x)  \n', 'y, x)\n', false, 'y, '],
      ['call(|x)\n', 'y, x)', false, 'y, x)'],
      ['call(|x)\n', 'y, x\n', false, 'y, x'],
      ['call(|x)\n', 'y, x)', true, 'y, x)'],
      ['call(|x)\n', 'q\ny, x)', true, 'q\ny, x)'],
      ['|))\n', 'f(a))', false, 'f(a)'], // the least removed first
      ['|) ]x\n', 'f(a) ]', false, 'f(a'],
      ['|a)b\n', 'q a)', false, 'q a)'], // not punctuation alone
      ['|)a;\n', 'q )a', false, 'q )a'],
    ];
    for (const [marked, raw, multiline, out] of cases) expect([marked, raw, at(marked, raw, { multiline })]).toEqual([marked, raw, out]);
  });

  it('offers blanks within a line, never blank lines', () => {
    expect(at('|x', '  ')).toBe('  ');
    expect(at('|foo', '\n\n', { multiline: true })).toBe('');
    expect(at('|foo', '', { multiline: true })).toBe('');
    expect(at('|foo', '  \n  ', { multiline: true })).toBe('');
  });
});

describe('finalizeSuggestion: a block without a grammar', () => {
  it('ends at the first line left of the cursor on a blank line, the line break going to the suffix when it has one', () => {
    const raw = 'a()\n    b()\nc()';
    expect(at('def f():\n    |foo()\n', raw, { multiline: true })).toBe('a()\n    b()\n');
    expect(at('def f():\n    |\nfoo()\n', raw, { multiline: true })).toBe('a()\n    b()');
    expect(at('def f():\n    x = 1\n|', raw, { multiline: true })).toBe(raw);
    expect(at('def f():\n    x = |', raw, { multiline: true })).toBe(raw);
  });

  it("writes later lines in the indentation around the cursor: the cursor's own first", () => {
    const cases: [string, string, string][] = [
      ['if a:\n\tb\n|', 'x\n    y', 'x\n\ty'],
      ['if a:\n\tb\n|', 'x\n    y\n\tz', 'x\n    y\n\tz'], // a mix is left as written
      ['a\nb\n|', 'if x:\n\tfoo', 'if x:\n\tfoo'], // nothing to tell the style from
      ['if a:\n\tb\nfoo|', '(\n    1)', '(\n\t1)'],
      ['x\n  y\n\t|', 'a\n  b', 'a\n\tb'],
      ['if a:\n    b\n\t|', 'x\n    y', 'x\n\ty'],
      ['if a:\n\tb\n    |', 'x\n\ty', 'x\n    y'],
    ];
    for (const [marked, raw, out] of cases) expect([marked, raw, at(marked, raw, { multiline: true })]).toEqual([marked, raw, out]);
  });

  it('reads the style within 6000 characters before the line and 3000 after the cursor', () => {
    const raw = 'if x:\n\tfoo()';
    const farTabs = '\tt = 1\n'.repeat(2000) + '  s = 1\n'.repeat(800) + '|';
    expect(at(farTabs, raw, { multiline: true })).toBe('if x:\n  foo()');
    const tabsAfter = '|x = 1\n' + '  a\n'.repeat(700) + '\tb\n'.repeat(3000);
    expect(at(tabsAfter, raw, { multiline: true })).toBe('if x:\n  foo()');
  });

  it("answers in the document's line breaks", () => {
    expect(finalizeSuggestion('x\ny', { text: 'a\r\n\r\nb', offset: 3, multiline: true })).toBe('x\r\ny');
  });
});

describe('finalizeSuggestion: re-parsed in place', () => {
  it('gives new code above a line of code a line of its own where that parses', () => {
    const onlyOwnLine = (s: string): SpliceResult => ({ errors: s.endsWith('\n    ') ? 0 : 1 });
    const cases: [string, string, string][] = [
      ['def f():\n    |return x\n', 'y = 1', 'y = 1\n    '],
      ['def f():\n    |return x\n', 'a = 1\nfoo()', 'a = 1\nfoo()\n    '],
      ['def f():\n    |return x\n', 'a = 1\n        ', 'a = 1\n    '], // already ends its line: cut back to one that parses
      ['def f():\n    |\n', 'y = 1', ''], // no code after the cursor
      ['def f():\n    |  \n', 'y = 1', ''],
      ['def f():\n    x|\n', 'y = 1', ''], // mid-line
    ];
    for (const [marked, raw, out] of cases) expect([marked, raw, at(marked, raw, { multiline: true, splice: onlyOwnLine })]).toEqual([marked, raw, out]);
  });

  it('prefers the answer to a blank cut of it', () => {
    const blankLine = (s: string): SpliceResult => ({ errors: s.trim() === '' && !s.includes('\n') ? 1 : 0 });
    expect(at('def f():\n    |return x\n', '  return x', { multiline: true, splice: blankLine })).toBe('  return x');
  });

  it('cuts back to the last complete line that adds no errors, within six tries', () => {
    const cases: [string, string][] = [
      ['a = 1\nb = 2\nc(\nd(', 'a = 1\nb = 2'],
      ['a = 1\nb(', 'a = 1'],
      ['a = 1  \nb(', 'a = 1'],
      ['a\nb(\nc(\nd(\ne(\nf(\ng(', 'a'],
      ['a\nb(\nc(\nd(\ne(\nf(\ng(\nh(', ''],
      ['foo(', ''],
      ['\nb(', ''],
      ['  \nb(', ''],
    ];
    for (const [raw, out] of cases) expect([raw, at('|', raw, { multiline: true, splice: parens })]).toEqual([raw, out]);
  });

  it("accepts the document's own errors", () => {
    expect(at('|', 'a = 1\nb(\nc(\nd(', { multiline: true, splice: parens, baselineErrors: 1 })).toBe('a = 1\nb(');
    expect(at('|', 'a = 1\nb(', { multiline: true, splice: parens, baselineErrors: 1 })).toBe('a = 1\nb(');
  });
});

describe('finalizeSuggestion: with the Python grammar', () => {
  const trees = new DocumentTrees(new GrammarRegistry());
  const uri = 'file:///finalizeSuggestion.py';
  afterAll(() => trees.close(uri));

  async function python(marked: string, raw: string): Promise<string> {
    const offset = marked.indexOf('|');
    const text = marked.replace('|', '');
    trees.open(uri, 'python', text, 1);
    const syntax = (await trees.snapshot(uri, text, 1))!;
    const before = text.slice(0, offset);
    const check = spliceCheck(syntax, offset, { row: before.split('\n').length - 1, column: offset - (before.lastIndexOf('\n') + 1) });
    // As the completion feature does: the splice check counts only the errors an insertion adds.
    return finalizeSuggestion(raw, { text, offset, multiline: true, splice: check.splice });
  }

  it('ends the body where the tree says, drops a copy of the code after it, and keeps an exact answer', async () => {
    const doc = 'def f(x):\n    |\n\ndef g():\n    pass\n';
    expect(await python(doc, 'y = x + 1\n    return y\n\ndef h():\n    pass')).toBe('y = x + 1\n    return y');
    expect(await python(doc, 'y = x + 1\n    return y\n\ndef g():\n    pass\n')).toBe('y = x + 1\n    return y');
    expect(await python(doc, 'return x')).toBe('return x');
    expect(await python('def f(x):\n    return (x +|)\n', ' 1')).toBe(' 1');
  });
});
