import { describe, expect, it } from 'vitest';
import { detectEol, generationLimits } from '../../server/postprocess/completionText';
import { finalizeSuggestion } from '../../server/postprocess/finalizeSuggestion';
import { detectIndentStyle, normalizeIndentation } from '../../server/postprocess/indentation';
import { repetitionCut } from '../../server/postprocess/repetition';
import { suffixOverlapCuts } from '../../server/postprocess/suffixOverlap';

describe('post-processing without a grammar', () => {
  const plain = (raw: string, marked: string) => {
    const offset = marked.indexOf('█');
    const text = marked.replace('█', '');
    return finalizeSuggestion(raw, { text, offset, multiline: /^[ \t]*$/.test(text.slice(text.lastIndexOf('\n', offset - 1) + 1, offset)) });
  };

  it('keeps a block exactly, indentation included', () => {
    const raw = 'if n < 2:\n        return n\n    return fib(n - 1) + fib(n - 2)';
    expect(plain(raw, 'def fib(n):\n    █\n')).toBe(raw);
  });
  it('cuts a block where its indentation ends', () => {
    expect(plain('x = 1\n    return x\nprint(f())\n', 'def f():\n    █\n')).toBe('x = 1\n    return x');
  });
  it('cuts a single line at its line break, keeping spaces, and drops the repeated rest of the line', () => {
    expect(plain('a + \nmore', 'x = █b\n')).toBe('a + ');
    expect(plain('a + b)\n', 'print(█)\n')).toBe('a + b');
  });
  it('writes CRLF into a CRLF document and drops whitespace-only answers', () => {
    expect(plain('x = 1\n    y = 2', 'def f():\r\n    █\r\n')).toBe('x = 1\r\n    y = 2');
    expect(plain(' \n\t', 'def f():\n    █\n')).toBe('');
  });
});

describe('pieces', () => {
  it('detects the line break and the limits for a position', () => {
    expect(detectEol('a\r\nb')).toBe('\r\n');
    expect(detectEol('a\nb')).toBe('\n');
    expect(generationLimits(false, 128)).toEqual({ maxTokens: 64 });
    expect(generationLimits(true, 128)).toEqual({ maxTokens: 128 });
  });

  it('cuts loops, but not closing brackets', () => {
    const loop = 'x = 1\n' + '    total += 1\n'.repeat(5);
    expect(loop.slice(0, repetitionCut(loop))).toBe('x = 1\n    total += 1');
    expect(repetitionCut('      }\n    }\n  }\n}')).toBe('      }\n    }\n  }\n}'.length);
    const stutter = 'foo(' + 'a, '.repeat(20);
    expect(stutter.slice(0, repetitionCut(stutter))).toBe('foo(a, ');
  });

  it('finds where a suggestion repeats the suffix', () => {
    // The whole rest of the line copied: strong, whatever its characters.
    expect(suffixOverlapCuts('a + b);\n', ');\n}\n')).toEqual([{ at: 5, strong: true }]);
    // A copy of the suffix's first lines that goes on differently: proof only when it is long.
    expect(suffixOverlapCuts('x = 1\n  return x\n}\nfoo()', '\n  return x\n}\n\nbar()')).toEqual([{ at: 5, strong: false }]);
    const copied = '\n  total += price * count\n  count = count + 1\n  return total + count\n';
    expect(suffixOverlapCuts(`x = 1${copied}}\nfoo()`, `${copied}}\n\nbar()`)).toEqual([{ at: 5, strong: true }]);
    expect(suffixOverlapCuts('x = 1\n', '\ny = 2')).toEqual([]);
    // Part of a word, or a lone punctuation line the model goes on after: weak, maybe the model's own.
    expect(suffixOverlapCuts('ToolCal', 'l(x);\n')).toEqual([{ at: 6, strong: false }]);
    expect(suffixOverlapCuts('A(u),\n    B(v)', ',\n}\n')).toEqual([{ at: 4, strong: false }]);
    // Repetitive text: a long single-line copy is not proof on its own.
    expect(suffixOverlapCuts('-'.repeat(16), '-'.repeat(40) + '\n').every((c) => !c.strong)).toBe(true);
  });

  it('rewrites indentation in the document’s style', () => {
    expect(detectIndentStyle('func f() {\n\tx := 1\n\tif x {\n\t\ty()\n\t}\n}\n')).toEqual({ useTabs: true, unit: 4, known: true });
    expect(detectIndentStyle('def f():\n  x = 1\n  if x:\n    y()\n')).toEqual({ useTabs: false, unit: 2, known: true });
    expect(normalizeIndentation('x := 1\n    if x {\n        y()\n    }', { useTabs: true, unit: 4, known: true })).toBe('x := 1\n\tif x {\n\t\ty()\n\t}');
    expect(normalizeIndentation('x = 1\n\ty = 2', { useTabs: false, unit: 2, known: true })).toBe('x = 1\n  y = 2');
  });
});
