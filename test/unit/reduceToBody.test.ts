import { beforeAll, describe, expect, it } from 'vitest';
import { extractCode, reduceToBody, type CodeParser } from '../../server/postprocess/reduceToBody';
import { loadParsers } from './parsers';

let parsers: Record<string, CodeParser> = {};

beforeAll(async () => {
  parsers = Object.fromEntries(await loadParsers(['python', 'typescript']));
});

const PY_BODY = 'total = 0\nfor item in items:\n    total += item.price\nreturn total';
const PY_TARGET = { name: 'total', context: ['"""Sum of the prices."""'] };

describe('reduceToBody', () => {
  it.each([
    ['plain body', 'total = 0\nfor item in items:\n    total += item.price\nreturn total\n'],
    ['plain body, indented as in the file', '    total = 0\n    for item in items:\n        total += item.price\n    return total'],
    ['fenced function with the signature and docstring', 'Here is the implementation:\n\n```python\ndef total(items):\n    """Sum of the prices."""\n    total = 0\n    for item in items:\n        total += item.price\n    return total\n```\n\nThis sums every price.'],
    ['function with the signature, no fence', 'def total(items):\n    """Sum of the prices."""\n    total = 0\n    for item in items:\n        total += item.price\n    return total\n'],
    ['method with the signature, indented', '    def total(self, items):\n        total = 0\n        for item in items:\n            total += item.price\n        return total'],
    ['fenced body only', '```\ntotal = 0\nfor item in items:\n    total += item.price\nreturn total\n```'],
    ['body repeating the docstring', '"""Sum of the prices."""\ntotal = 0\nfor item in items:\n    total += item.price\nreturn total'],
  ])('python: %s', (_name, answer) => {
    expect(reduceToBody(answer, PY_TARGET, parsers.python)).toBe(PY_BODY);
  });

  it.each([
    ['fenced function', '```ts\nexport function clamp(x: number, lo: number, hi: number): number {\n  // keep x in range\n  return Math.min(hi, Math.max(lo, x));\n}\n```'],
    ['plain body in braces', '{\n  return Math.min(hi, Math.max(lo, x));\n}'],
    ['plain body', 'return Math.min(hi, Math.max(lo, x));'],
  ])('typescript: %s', (_name, answer) => {
    expect(reduceToBody(answer, { name: 'clamp', context: ['// keep x in range'] }, parsers.typescript)).toBe('return Math.min(hi, Math.max(lo, x));');
  });

  it('finds the fenced block that holds the function', () => {
    expect(extractCode('```bash\nnpm test\n```\n```python\ndef f():\n    return 1\n```', 'f')).toBe('def f():\n    return 1');
    expect(extractCode('Sure, here it is.\nreturn 1\n', 'f')).toBe('return 1');
    expect(extractCode('Sure:\n\n```js\nfunction f() {}\n```\n', 'f')).toBe('function f() {}');
  });

  it('takes an answer that starts with code as it is, fenced examples in its comments included', () => {
    const file = '/*!\nSplits ranges:\n```text\n[D0-D3][80-BF]\n```\n*/\nuse std::fmt;\n\nfn f() -> u8 {\n    1\n}\n';
    expect(extractCode(file, 'f')).toBe(file.trimEnd());
    const python = 'def f():\n    """Example:\n\n```\nf()\n```\n    """\n    return 1\n';
    expect(extractCode(python, 'f')).toBe(python.trimEnd());
  });

  it('gives nothing for an answer without code', () => {
    expect(reduceToBody('```\n```', PY_TARGET, parsers.python)).toBeUndefined();
    expect(reduceToBody('', PY_TARGET, parsers.python)).toBeUndefined();
  });
});
