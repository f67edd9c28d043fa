import { describe, expect, it } from 'vitest';
import { formatBody } from '../../server/postprocess/formatBody';
import type { Stub } from '../../server/syntax/stubFinder';

/** A stub over the marked span ⟦…⟧ of `marked` (empty span: an empty body). */
function stubIn(marked: string, kind: Stub['kind']): { text: string; stub: Stub } {
  const start = marked.indexOf('⟦');
  const end = marked.indexOf('⟧') - 1;
  const text = marked.replace(/[⟦⟧]/g, '');
  return { text, stub: { name: 'f', definition: { start: 0, end: text.length }, body: { start, end }, replace: { start, end }, kind, context: [] } };
}

describe('the text that replaces a stub', () => {
  it('puts a body after a docstring with no blank or whitespace line of its own', () => {
    const { text, stub } = stubIn('def f(x):\n    """Double it."""⟦⟧\n\n\ndef g():\n    pass\n', 'empty');
    expect(formatBody('y = x * 2\nreturn y', stub, text)).toBe('\n    y = x * 2\n    return y');
  });

  it('keeps the blank lines of the answer blank', () => {
    const { text, stub } = stubIn('def f(x):\n    """Double it."""⟦⟧\n', 'empty');
    expect(formatBody('\ny = x * 2\n  \nreturn y', stub, text)).toBe('\n\n    y = x * 2\n\n    return y');
  });

  it('puts a closing brace back on its own line', () => {
    const { text, stub } = stubIn('function f(x) {⟦⟧}\n', 'empty');
    // A file with no indented lines says nothing: four spaces.
    expect(formatBody('return x * 2;', stub, text)).toBe('\n    return x * 2;\n');
  });

  it('indents a statement stub’s body at the stub’s column, blank lines blank, strings as they are', () => {
    const { text, stub } = stubIn('func f() string {\n\t⟦panic("todo")⟧\n}\n', 'statement');
    const body = 's := `\n  raw\n`\n\nreturn s';
    expect(formatBody(body, stub, text, undefined, new Set([1, 2]))).toBe('s := `\n  raw\n`\n\n\treturn s');
  });
});

describe('the indentation unit of a body', () => {
  it('comes from the code, not from a JSDoc block’s ` * ` lines', () => {
    const { text, stub } = stubIn('/**\n * Doubles a number.\n * @param x the number\n */\nfunction f(x) {⟦⟧}\n\nfunction g(y) {\n  return y;\n}\n', 'empty');
    expect(formatBody('const y = x * 2;\nreturn y;', stub, text)).toBe('\n  const y = x * 2;\n  return y;\n');
  });
});

describe('line ends and blank lines of a body', () => {
  it('reads CR and CRLF in the answer as line feeds', () => {
    const { text, stub } = stubIn('def f(x):\n    ⟦pass⟧\n', 'statement');
    expect(formatBody('y = x\rreturn y', stub, text)).toBe('y = x\n    return y');
    expect(formatBody('y = x\r\nreturn y', stub, text)).toBe('y = x\n    return y');
  });

  it('writes the document’s CRLF line ends', () => {
    const statement = stubIn('def f(x):\r\n    ⟦pass⟧\r\n', 'statement');
    expect(formatBody('y = x\nreturn y', statement.stub, statement.text)).toBe('y = x\r\n    return y');
    const empty = stubIn('function f(x) {⟦⟧}\r\n', 'empty');
    expect(formatBody('return x;', empty.stub, empty.text)).toBe('\r\n    return x;\r\n');
  });

  it('leaves whitespace-only lines of a statement stub’s body empty', () => {
    const { text, stub } = stubIn('def f(x):\n    ⟦pass⟧\n', 'statement');
    expect(formatBody('y = x\n   \nreturn y', stub, text)).toBe('y = x\n\n    return y');
  });

  it('indents at the column of a one-character stub statement', () => {
    const { text, stub } = stubIn('f() {\n  ⟦:⟧\n}\n', 'statement');
    expect(formatBody('echo a\necho b', stub, text)).toBe('echo a\n  echo b');
  });
});
