import { describe, expect, it } from 'vitest';
import { detectEol, shapeCompletion } from '../../server/postprocess/completionText';

describe('shapeCompletion', () => {
  it('keeps a block exactly, indentation and trailing newline included', () => {
    const raw = 'if n < 2:\n        return n\n    return fib(n - 1) + fib(n - 2)\n';
    expect(shapeCompletion(raw, { multiline: true, eol: '\n' })).toBe(raw);
  });
  it('cuts a single-line completion at its first line break, keeping spaces', () => {
    expect(shapeCompletion('a + \nmore', { multiline: false, eol: '\n' })).toBe('a + ');
  });
  it('writes CRLF into a CRLF document and drops whitespace-only answers', () => {
    expect(shapeCompletion('x = 1\n  y = 2', { multiline: true, eol: '\r\n' })).toBe('x = 1\r\n  y = 2');
    expect(shapeCompletion(' \n\t', { multiline: true, eol: '\n' })).toBe('');
  });
  it('detects the line break', () => {
    expect(detectEol('a\r\nb')).toBe('\r\n');
    expect(detectEol('a\nb')).toBe('\n');
    expect(detectEol('a')).toBe('\n');
  });
});
