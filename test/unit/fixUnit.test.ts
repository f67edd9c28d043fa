import { beforeAll, describe, expect, it } from 'vitest';
import type { CodeParser } from '../../server/postprocess/reduceToBody';
import { fixUnitFor, type FixUnit } from '../../server/syntax/fixUnit';
import { loadParsers } from './parsers';

/**
 * The code a fix rewrites around a problem: the innermost definition that holds it, else
 * its statement, else a few lines around it; always whole lines. A case marks the problem
 * with ⟦…⟧ and gives the unit's text (and its name and kind where it is a definition).
 */
let parsers = new Map<string, CodeParser>();

beforeAll(async () => {
  parsers = await loadParsers(['python', 'typescript']);
});

function unitOf(language: string, marked: string): FixUnit & { text: string } {
  const start = marked.indexOf('⟦');
  const end = marked.indexOf('⟧') - 1;
  const text = marked.replace(/[⟦⟧]/g, '');
  const parsed = parsers.get(language)!(text)!;
  try {
    const unit = fixUnitFor(parsed.grammar, parsed.tree, text, { start, end });
    return { ...unit, text: text.slice(unit.start, unit.end) };
  } finally {
    parsed.tree.delete();
  }
}

const lines = (n: number, line: (i: number) => string) => Array.from({ length: n }, (_, i) => line(i)).join('\n');

describe('fixUnitFor', () => {
  it.each([
    ['the innermost function', 'python', 'def outer():\n    def inner(x):\n        return ⟦x⟧ + 1\n    return inner\n', '    def inner(x):\n        return x + 1', 'inner', 'function_definition'],
    ['the method, not its class', 'typescript', 'class A {\n  f(a: number) {\n    return ⟦a⟧ + b;\n  }\n}\n', '  f(a: number) {\n    return a + b;\n  }', 'f', 'method_definition'],
    ['a range from the definition’s first character', 'python', 'x = 1\n⟦def f⟧(a):\n    return a\n', 'def f(a):\n    return a', 'f', 'function_definition'],
    ['the outer function where the range runs past the inner one', 'python', 'def outer():\n    def inner(x):\n        return ⟦x\n    return⟧ inner\n', 'def outer():\n    def inner(x):\n        return x\n    return inner', 'outer', 'function_definition'],
    ['the outer function where the range starts before the inner one', 'python', 'def outer():\n    ⟦y = 1\n    def inner(x):\n        return x⟧\n    return inner\n', 'def outer():\n    y = 1\n    def inner(x):\n        return x\n    return inner', 'outer', 'function_definition'],
    ['the method inside a top-level constant', 'typescript', 'export const MAKE = () => {\n  class Inner {\n    m(x: number) {\n      return ⟦x⟧ + 1;\n    }\n  }\n  return Inner;\n};\n', '    m(x: number) {\n      return x + 1;\n    }', 'm', 'method_definition'],
    ['the last line without a break', 'python', 'x = 1\ndef f(a):\n    return ⟦a⟧', 'def f(a):\n    return a', 'f', 'function_definition'],
  ])('%s', (_name, language, marked, text, name, kind) => {
    expect(unitOf(language, marked)).toMatchObject({ text, name, kind });
  });

  it.each([
    ['a statement outside any function', 'python', 'import os\nx = ⟦os.getcwd⟧()\ny = 2\n', 'x = os.getcwd()'],
    ['a one-letter statement', 'python', 'a = 1\n⟦x⟧\ny = 2\n', 'x'],
    ['the statement of a range that covers it exactly', 'python', 'a = 1\n⟦x = 1⟧\ny = 2\n', 'x = 1'],
    ['a function with an error in it: its statement', 'python', 'def f(a):\n    x = 1\n    y = ⟦(a +⟧\n    return y\n', 'def f(a):\n    x = 1\n    y = (a +\n    return y'],
  ])('%s', (_name, language, marked, text) => {
    const unit = unitOf(language, marked);
    expect(unit.text).toBe(text);
    expect(unit.name).toBeUndefined();
  });

  it('takes a function of 150 lines whole, a longer one by its statement', () => {
    const fn = (n: number) => `x = 0\ndef f(a):\n${lines(n - 2, (i) => `    x${i} = a`)}\n    return ⟦a +⟧ 1\n`;
    const whole = unitOf('python', fn(150));
    expect(whole).toMatchObject({ start: 6, name: 'f', kind: 'function_definition' });
    expect(whole.text.split('\n')).toHaveLength(150);
    const long = fn(151).replace(/[⟦⟧]/g, '');
    expect(unitOf('python', fn(151))).toEqual({ start: long.indexOf('    return'), end: long.length - 1, text: '    return a + 1' });
  });

  it('counts a definition’s lines, not its characters nor the file’s', () => {
    const long = `def f(a):\n    return ⟦a⟧ + ${'1 + '.repeat(60)}1\n`;
    expect(unitOf('python', long)).toMatchObject({ start: 0, name: 'f' });
    const inBigFile = `${lines(200, (i) => `x${i} = ${i}`)}\ndef f(a):\n    return ⟦a⟧\n`;
    expect(unitOf('python', inBigFile)).toMatchObject({ text: 'def f(a):\n    return a', name: 'f' });
  });

  it('takes a statement of 150 lines whole, else the lines around the problem', () => {
    const list = (n: number) => `a = 1\nx = [\n${lines(n - 2, (i) => `    ${i},`)}\n]\nb = 2\n`;
    const marked = (n: number) => list(n).replace('    70,', '    ⟦70⟧,');
    expect(unitOf('python', marked(150)).text).toBe(list(150).slice(6, -7));
    expect(unitOf('python', marked(151)).text).toBe('    67,\n    68,\n    69,\n    70,\n    71,\n    72,\n    73,');
  });

  it.each([
    ['in the middle: three lines each side', 'l0\nl1\nl2\nl3\nx = (⟦1⟧ +\nl5\nl6\nl7\nl8\n', 'l1\nl2\nl3\nx = (1 +\nl5\nl6\nl7'],
    ['near the start', 'l0\nx = (⟦1⟧ +\nl2\nl3\nl4\nl5\nl6\n', 'l0\nx = (1 +\nl2\nl3\nl4'],
    ['near the end, without a final break', 'l0\nl1\nl2\nl3\nl4\nx = (⟦1⟧ +\nl6', 'l2\nl3\nl4\nx = (1 +\nl6'],
    ['after short lines', 'a\nb\nc\nd\ne\nx = (⟦1⟧ +\nf\n', 'c\nd\ne\nx = (1 +\nf'],
    ['on a line of one character', 'a\nb\nc\nd\ne\n⟦(⟧\nf\ng\nh\ni\nj\n', 'c\nd\ne\n(\nf\ng\nh\ni'],
    ['from a blank line', '\n\nl2\nl3\nl4\nl5\nx = (⟦1⟧ +\nl7\n', 'l3\nl4\nl5\nx = (1 +\nl7'],
  ])('around a problem that no statement holds: %s', (_name, marked, text) => {
    expect(unitOf('python', marked).text).toBe(text);
  });

  it('takes the lines around a range over two statements', () => {
    expect(unitOf('python', 'a = 1\nb = 2\nc = ⟦3\nd = ⟧4\ne = 5\nf = 6\ng = 7\nh = 8\ni = 9\n').text).toBe('a = 1\nb = 2\nc = 3\nd = 4\ne = 5\nf = 6\ng = 7');
  });
});
