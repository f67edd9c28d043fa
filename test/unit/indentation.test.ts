import { describe, expect, it } from 'vitest';
import { detectIndentStyle, needsNormalizing, normalizeIndentation, type IndentStyle } from '../../server/postprocess/indentation';

const TABS: IndentStyle = { useTabs: true, unit: 4, known: true };
const SPACES: IndentStyle = { useTabs: false, unit: 4, known: true };

describe('detectIndentStyle', () => {
  it('reads tabs or spaces and the most common step between lines', () => {
    const cases: [string, IndentStyle][] = [
      ['', { useTabs: false, unit: 4, known: false }],
      ['a\nb', { useTabs: false, unit: 4, known: false }],
      ['a\n\tb', { useTabs: true, unit: 4, known: true }],
      ['\n\tx', { useTabs: true, unit: 4, known: true }], // a leading blank line
      ['a\n  b\n  c', { useTabs: false, unit: 2, known: true }],
      // Blank lines say nothing (not even their own spaces) and do not break the step from the line above.
      ['    a\n  \n    b', { useTabs: false, unit: 4, known: true }],
      ['  a\n\n   b\n   c', { useTabs: false, unit: 1, known: true }],
      // The ` * ` lines of block comments say nothing; a `*` later in a line is code.
      ['a\n   * comment', { useTabs: false, unit: 4, known: false }],
      ['x = 1\n  y = a * b', { useTabs: false, unit: 2, known: true }],
      // Steps of tab-indented lines are not counted; steps up to 8 are.
      ['a\n   b\n\tc\n\t\td\n\t\t\te', { useTabs: true, unit: 3, known: true }],
      ['a\n        b', { useTabs: false, unit: 8, known: true }],
      ['a\n          b', { useTabs: false, unit: 4, known: true }],
      // The commonest step wins; a tie goes to the smaller step, in either order.
      ['a\n  b\n    c\n       d', { useTabs: false, unit: 2, known: true }],
      ['a\n    b\nc\n  d', { useTabs: false, unit: 4, known: true }],
      ['a\n b\n   c', { useTabs: false, unit: 1, known: true }],
      ['a\n  b\n   c', { useTabs: false, unit: 1, known: true }],
      ['\tx\n  y', { useTabs: false, unit: 2, known: true }], // as many tab as space lines: spaces
    ];
    for (const [text, style] of cases) expect([text, detectIndentStyle(text)]).toEqual([text, style]);
  });

  it('samples at most maxLines lines', () => {
    expect(detectIndentStyle('a\n\tb\n  c\n  d\n  e', 2)).toEqual({ useTabs: true, unit: 4, known: true });
    expect(detectIndentStyle('a\n\tb\n  c\n  d\n  e', 3)).toEqual({ useTabs: false, unit: 2, known: true });
    expect(detectIndentStyle('\tx\n  y', 3)).toEqual({ useTabs: false, unit: 2, known: true });
  });
});

describe('normalizeIndentation', () => {
  it("rewrites the later lines' leading whitespace in the document's style", () => {
    const cases: [string, IndentStyle, string][] = [
      ['  x\n    y\n      z\n\tw', TABS, '  x\n\ty\n\t  z\n\tw'],
      ['\tx\n\ty\n\t\tz\n  \tw', SPACES, '\tx\n    y\n        z\n    w'],
      ['x\n    y', SPACES, 'x\n    y'],
      ['x\n\ty', TABS, 'x\n\ty'],
      ['x\n\ty', { useTabs: false, unit: 2, known: true }, 'x\n  y'],
      ['x\n\n  y\nz', { useTabs: true, unit: 2, known: true }, 'x\n\n\ty\nz'],
    ];
    for (const [text, style, out] of cases) expect([text, normalizeIndentation(text, style)]).toEqual([text, out]);
  });
});

describe('needsNormalizing', () => {
  it('is true only when every indented later line is in the other style, in whole levels', () => {
    const cases: [string, IndentStyle, boolean][] = [
      ['x\n    a\n        b', TABS, true],
      ['x\n    a\nb', TABS, true],
      ['x\n    a\n\tb', TABS, false], // a mix
      ['x\n  a', TABS, false], // half a level
      ['x\n  a', { useTabs: true, unit: 2, known: true }, true],
      ['x\n\ta\n\t\tb', SPACES, true],
      ['\tx\n\ta', SPACES, true],
      ['    x\n\ta', SPACES, true], // the first line continues the cursor's line
      ['x\n\ta\nb', SPACES, true], // unindented lines are either style
      ['x\n\ta\n  \n\tb', SPACES, true], // a blank line of spaces is no reason either way
      ['x\n\ta\n    b', SPACES, false],
      ['x\n \ta', SPACES, false],
      ['x\n\t a', SPACES, false],
      ['x\ny', SPACES, false],
      ['x\ny', TABS, false],
      ['x', TABS, false],
    ];
    for (const [text, style, out] of cases) expect([text, style.useTabs, needsNormalizing(text, style)]).toEqual([text, style.useTabs, out]);
  });
});
