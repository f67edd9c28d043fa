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
});
