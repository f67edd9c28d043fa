import { describe, expect, it } from 'vitest';
import { blockEndCut, indentWidth, openerIndentAbove } from '../../server/postprocess/blockEnd';

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
