import { afterAll, describe, expect, it } from 'vitest';
import { blockEnd, blockEndCut, headerIndentFor, indentWidth, openerIndentAbove, pastBlockEnd } from '../../server/postprocess/blockEnd';
import { DocumentTrees } from '../../server/syntax/documentTrees';
import { GrammarRegistry } from '../../server/syntax/grammarRegistry';
import { spliceCheck, type SpliceResult } from '../../server/syntax/spliceCheck';

const trees = new DocumentTrees(new GrammarRegistry());
afterAll(() => trees.close('file:///blockEnd.py'));

/** The splice check at `|` in a Python document, and the document without the bar. */
async function pythonAt(marked: string): Promise<{ text: string; offset: number; splice: (s: string) => SpliceResult; headerIndent: number | undefined }> {
  const offset = marked.indexOf('|');
  const text = marked.replace('|', '');
  trees.open('file:///blockEnd.py', 'python', text, 1);
  const syntax = (await trees.snapshot('file:///blockEnd.py', text, 1))!;
  const before = text.slice(0, offset);
  const check = spliceCheck(syntax, offset, { row: before.split('\n').length - 1, column: offset - (before.lastIndexOf('\n') + 1) });
  const headerIndent = headerIndentFor(text, offset, syntax);
  return { text, offset, splice: check.splice!, headerIndent };
}

describe('blockEnd: the one decision', () => {
  it('asks the tree where there is a grammar: the unit ends before a new top-level definition', async () => {
    const at = await pythonAt('def f(x):\n    |\n');
    const answer = 'y = x + 1\n    return y\n\ndef g():\n    pass';
    expect(blockEnd(answer, { splice: at.splice, linePrefix: '    ', tabSize: 4 })).toBe(answer.indexOf('\n\ndef g'));
    expect(blockEnd('return x + 1', { splice: at.splice, linePrefix: '    ', tabSize: 4 })).toBeUndefined();
  });

  it('falls back to indentation on a blank line without a grammar, and decides nothing mid-line', () => {
    const answer = 'a = 1\n    b = 2\nc = 3';
    expect(blockEnd(answer, { linePrefix: '    ', tabSize: 4 })).toBe(answer.indexOf('c = 3'));
    expect(blockEnd(answer, { linePrefix: '', tabSize: 4 })).toBeUndefined();
    expect(blockEnd(answer, { linePrefix: '  x = ', tabSize: 4 })).toBeUndefined();
    expect(blockEnd('a\n\tb\n  c', { linePrefix: '\t', tabSize: 8 })).toBe('a\n\tb\n  '.length);
  });
});

describe('pastBlockEnd: when a stream may stop', () => {
  it('stops on a complete line past the unit, confirmed by the tree', async () => {
    const at = await pythonAt('def f(x):\n    |\n');
    expect(at.headerIndent).toBe(0);
    expect(pastBlockEnd('return x\n\ndef g():\n    pass\n', at.headerIndent, at.splice)).toBe(true);
    // A header without its body yet is not judged; half a line never is.
    expect(pastBlockEnd('return x\n\ndef g():\n', at.headerIndent, at.splice)).toBe(false);
    expect(pastBlockEnd('return x\n\ndef g():\n    pass\nz = f', at.headerIndent, at.splice)).toBe(true);
    expect(pastBlockEnd('return x\n    y = 2\n', at.headerIndent, at.splice)).toBe(false);
    // A line at the header's indentation that continues the unit (the tree says so) does not stop it.
    expect(pastBlockEnd('if x:\n        return 1\n    else:\n', at.headerIndent, at.splice)).toBe(false);
  });

  it('stops on indentation alone without a grammar, and never without a header', () => {
    expect(pastBlockEnd('return x\ndef g', 0, undefined)).toBe(true);
    expect(pastBlockEnd('return x\n    more', 0, undefined)).toBe(false);
    expect(pastBlockEnd('return x\ndef g', undefined, undefined)).toBe(false);
    expect(pastBlockEnd('a\n  b\n c\n', 1, undefined)).toBe(true);
  });
});

describe('headerIndentFor', () => {
  it("is the indentation of the definition around the cursor, else of the opener above", async () => {
    expect((await pythonAt('class A:\n    def f(self):\n        x = 1\n        |\n')).headerIndent).toBe(4);
    expect(headerIndentFor('if x:\n    \n', 10, undefined)).toBe(0);
    expect(headerIndentFor('x = 1\n    \n', 10, undefined)).toBeUndefined();
  });
});

/** The indentation rule for the end of a block (issue 13: direct tests, where there is no grammar). */
describe('blockEndCut', () => {
  it('cuts at the first line, after the first, indented less than the block', () => {
    const s = 'x = 1\n    y = 2\nz = 3\n';
    expect(blockEndCut(s, 4)).toBe(s.indexOf('z = 3'));
    expect(blockEndCut('x = 1\n    y = 2\n', 4)).toBeUndefined();
    expect(blockEndCut('one line only', 4)).toBeUndefined();
  });

  it('keeps closing lines and blank lines in the block', () => {
    expect(blockEndCut('a();\n}\n\nb();', 2)).toBe('a();\n}\n\n'.length);
    expect(blockEndCut('do_it\nend\nfi\ndone\nesac', 2)).toBeUndefined();
    expect(blockEndCut('f(\n  x,\n)\nnext()', 2)).toBe('f(\n  x,\n)\n'.length);
  });

  it('points at the code, past the cut line\'s own indentation', () => {
    expect(blockEndCut('a\n        b\n  c', 4)).toBe('a\n        b\n  '.length);
  });

  it('counts a tab up to the next tab stop', () => {
    expect(indentWidth('\tx')).toBe(4);
    expect(indentWidth('  \tx')).toBe(4);
    expect(indentWidth('\t\tx', 8)).toBe(16);
    expect(indentWidth('     \tx', 4)).toBe(8);
    expect(indentWidth('x')).toBe(0);
    expect(blockEndCut('a\n\tb\n  c', 4)).toBe('a\n\tb\n  '.length);
  });
});

describe('openerIndentAbove', () => {
  it("is the indentation of the block header above the cursor's line", () => {
    const text = 'class A:\n    def f(self):\n        x = 1\n        \n';
    expect(openerIndentAbove(text, text.length - 1)).toBe(4);
    const js = 'function f() {\n  if (x) {\n    \n';
    expect(openerIndentAbove(js, js.length - 1)).toBe(2);
  });

  it('is undefined when the line above, less indented, opens nothing', () => {
    const text = 'x = 1\n    y\n';
    expect(openerIndentAbove(text, text.length - 1)).toBeUndefined();
    expect(openerIndentAbove('    y', 5)).toBeUndefined();
  });
});

describe('the tree’s answer, as blockEnd and pastBlockEnd read it', () => {
  /** A splice check that answers `unitEnd` and records what it was asked. */
  function fakeSplice(unitEnd: number | undefined): { asked: string[]; splice: (s: string) => SpliceResult } {
    const asked: string[] = [];
    return { asked, splice: (s) => (asked.push(s), { errors: 0, unitEnd }) };
  }

  it('blockEnd never points before the answer', () => {
    expect(blockEnd('x\ny', { splice: fakeSplice(-3).splice, linePrefix: '', tabSize: 4 })).toBe(0);
    expect(blockEnd('x\ny', { splice: fakeSplice(2).splice, linePrefix: 'x = ', tabSize: 4 })).toBe(2);
  });

  it('asks about the complete lines, trailing blanks dropped, and nothing when they are blank', () => {
    const f = fakeSplice(0);
    expect(pastBlockEnd('  x = 1\nfoo  \n\n', 0, f.splice)).toBe(true);
    expect(f.asked).toEqual(['  x = 1\nfoo']);
    const g = fakeSplice(0);
    expect(pastBlockEnd('\ndef g', 0, g.splice)).toBe(false);
    expect(g.asked).toEqual([]);
    expect(pastBlockEnd('x\ndef g\n', 0, fakeSplice(undefined).splice)).toBe(false);
  });
});

describe('headerIndentFor with a tree', () => {
  it('is the definition’s indentation, not the nearest opener’s', async () => {
    expect((await pythonAt('def f(x):\n    if x:\n        y = 1\n        |\n')).headerIndent).toBe(0);
    expect((await pythonAt('class A:\n    def f(self):\n        if x:\n            y\n            |\n')).headerIndent).toBe(4);
    expect((await pythonAt('if x:\n    y = 1\n    |\n')).headerIndent).toBe(0);
  });
});

describe('blockEndCut: blank lines', () => {
  it('looks past a blank line that is indented less than the block', () => {
    expect(blockEndCut('a\n  \n    x\ny', 4)).toBe('a\n  \n    x\n'.length);
  });
});

describe('openerIndentAbove: which lines count', () => {
  /** The opener indentation for a text with the cursor at `|`. */
  const at = (marked: string, maxLines?: number) => openerIndentAbove(marked.replace('|', ''), marked.indexOf('|'), maxLines);

  it('measures the cursor’s own line up to the cursor when only blanks precede it', () => {
    expect(at('def f():\n    if b:\n  |      x\n')).toBe(0);
    expect(at('class A:\n    def f(self):\n        x = |\n')).toBe(4);
  });

  it('skips blank and whitespace-only lines above', () => {
    expect(at('if x:\n\n    |')).toBe(0);
    expect(at('if x:\n  \n    |')).toBe(0);
  });

  it('looks at most maxLines lines up', () => {
    expect(at('if x:\n    |y', 1)).toBe(0);
    const text = 'if x:\n    a\n    b\n    |';
    expect(at(text, 2)).toBeUndefined();
    expect(at(text, 3)).toBe(0);
  });

  it('stops at the first line of the text', () => {
    expect(at('  \n    f(\n    |')).toBeUndefined();
  });

  it('takes only a line that ends in an opener, trailing blanks aside', () => {
    expect(at('y = f(a)\n    |')).toBeUndefined();
    expect(at('f(a) + b\n    |')).toBeUndefined();
    expect(at('loop do\n    |')).toBe(0);
    expect(at('if x:  \n    |')).toBe(0);
  });
});
