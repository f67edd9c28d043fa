import { describe, expect, it } from 'vitest';
import { buildPlainTextContext } from '../../server/context/plainTextContext';

const big = { prefixTokens: 1000, suffixTokens: 1000 };

describe('buildPlainTextContext', () => {
  it('splits at the cursor', () => {
    const text = 'def add(a, b):\n    return a + b\n';
    const ctx = buildPlainTextContext(text, text.indexOf('return'), big);
    expect(ctx).toEqual({ prefix: 'def add(a, b):\n    ', suffix: 'return a + b\n', multiline: true });
  });

  it('wants a block at the end of a line and a single line with code after the cursor', () => {
    const text = 'function f() {\n  \n}\nconst x = f(|);\n';
    expect(buildPlainTextContext(text, text.indexOf('{') + 1, big).multiline).toBe(true);
    expect(buildPlainTextContext(text, text.indexOf('\n  \n') + 3, big).multiline).toBe(true);
    expect(buildPlainTextContext(text, text.indexOf('|'), big).multiline).toBe(false);
  });

  it('trims to the budget at line boundaries, keeping what is nearest the cursor', () => {
    const lines = Array.from({ length: 100 }, (_, i) => `line ${String(i).padStart(3, '0')}`);
    const text = lines.join('\n');
    const offset = text.indexOf('line 050');
    const ctx = buildPlainTextContext(text, offset, { prefixTokens: 10, suffixTokens: 10 }); // 40 chars each
    expect(ctx.prefix).toBe(lines.slice(46, 50).join('\n') + '\n');
    expect(ctx.suffix).toBe(lines.slice(50, 54).join('\n') + '\n');
  });

  // One token is 4 characters: { prefixTokens: 1 } keeps at most 4 characters before the cursor.
  it.each([
    // The cursor exactly one budget into the text: nothing is cut, the first line stays.
    ['ab\ncd\nef', 4, 1, 'ab\nc'],
    // A window that ends with the only line break keeps its partial line rather than nothing.
    ['aaaaaaaaaa\nbbb', 11, 1, 'aaa\n'],
    // A window that starts at a line break drops just that break.
    ['aaa\nbbb', 7, 1, 'bbb'],
    // A window with no line break is the cursor's own line: kept.
    ['abcdefghij', 8, 1, 'efgh'],
    // The partial first line goes.
    ['abcdef\ngh', 9, 1, 'gh'],
  ])('prefix of %j at %i with %i token(s): %j', (text, offset, prefixTokens, prefix) => {
    expect(buildPlainTextContext(text, offset, { prefixTokens, suffixTokens: 100 }).prefix).toBe(prefix);
  });

  it.each([
    // The suffix reaching the end of the text is kept whole, without a final break.
    ['a\nbc', 0, 10, 'a\nbc'],
    ['a\nbc', 0, 1, 'a\nbc'],
    // Exactly at the end of the text: also whole.
    ['ab\ncd', 1, 1, 'b\ncd'],
    // Cut short with no line break inside: the partial line is kept.
    ['abcdefghij', 0, 1, 'abcd'],
    // Cut short with only a leading break: kept as it is.
    ['x\nabcdefg', 1, 1, '\nabc'],
    // Cut short: up to and including the last line break.
    ['ab\ncdefghij', 0, 1, 'ab\n'],
  ])('suffix of %j at %i with %i token(s): %j', (text, offset, suffixTokens, suffix) => {
    expect(buildPlainTextContext(text, offset, { prefixTokens: 100, suffixTokens }).suffix).toBe(suffix);
  });
});
