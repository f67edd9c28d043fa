import { beforeAll, describe, expect, it } from 'vitest';
import { bodyLayout, extractCode, isRelative, reduceToBody, stringLineRows, verbatimLines, type CodeParser } from '../../server/postprocess/reduceToBody';
import { loadParsers } from './parsers';

let parsers: Record<string, CodeParser> = {};

beforeAll(async () => {
  parsers = Object.fromEntries(await loadParsers(['python', 'typescript', 'go']));
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

describe('extractCode', () => {
  const FENCED = (before: string) => `${before}\n\`\`\`python\ndef f():\n    return 1\n\`\`\``;
  it.each([
    // Lines that read as words before a fence: the fence holds the code.
    ['here is the code', true],
    ['here is code', true],
    ['here, take the code', true],
    ['- first do this', true],
    ['10. do it now', true],
    ['Sure:\n   ', true],
    // Lines that read as code: the fence is the code's own.
    ['Here is the function for you', true],
    ['here it', false],
    ['here  it', false],
    ['x = 1 + 2', false],
    ['import the thing now', false],
    ['(see the code below', false],
    ['x = Sure:', false],
    ['Note: x = 1;', false],
  ])('%j before a fence: the fenced code is taken: %s', (before, fenced) => {
    const text = FENCED(before);
    expect(extractCode(text, 'f')).toBe(fenced ? 'def f():\n    return 1' : text);
  });

  it('reads CRLF and CR line ends as line feeds', () => {
    expect(extractCode('Here it is:\r\n\r\n```py\r\nreturn 1\r\n```', 'f')).toBe('return 1');
    expect(extractCode('a = 1\rreturn a', 'f')).toBe('a = 1\nreturn a');
  });

  it('drops blank and whitespace lines around unfenced code', () => {
    expect(extractCode('\n\nreturn 1', 'f')).toBe('return 1');
    expect(extractCode('  \nreturn 1\n  ', 'f')).toBe('return 1');
  });

  it('takes fences indented, unclosed or closed by an indented marker', () => {
    const indented = '```bash\nnpm test\n```\n  ```python\n  def total():\n      return 1\n  ```';
    expect(extractCode(indented, 'total')).toBe('  def total():\n      return 1');
    expect(extractCode('Sure:\n```python\ndef f():\n    return 1', 'f')).toBe('def f():\n    return 1');
    expect(extractCode('Sure:\n```python\ndef f():\n    return 1\n  ```\n', 'f')).toBe('def f():\n    return 1');
  });

  it('keeps an answer that starts with code whole, indented fences in its docstring included', () => {
    const python = 'def f():\n    s = """\n    ```\n    code\n    ```\n    """\n    return 1';
    expect(extractCode(python, 'f')).toBe(python);
  });
});

describe('reduceToBody from a definition', () => {
  it('takes the function with the name, not an earlier one or a stub statement', () => {
    expect(reduceToBody('def g():\n    pass\n\ndef f():\n    return 1', { name: 'f', context: [] }, parsers.python)).toBe('return 1');
    expect(reduceToBody('def g():\n    return 2\n\ndef f():\n    return 1', { name: 'f', context: [] }, parsers.python)).toBe('return 1');
  });

  it('reads an answer whose function repeats only the stub’s docstring as a plain body', () => {
    expect(reduceToBody('def f():\n    """Doc."""\n', { name: 'f', context: ['"""Doc."""'] }, parsers.python)).toBe('def f():\n    """Doc."""');
  });

  it('dedents from the column of a one-character first statement', () => {
    expect(reduceToBody('def f(x):\n    x\n    return x + 1', { name: 'f', context: [] }, parsers.python)).toBe('x\nreturn x + 1');
  });

  it('leaves the lines of a multi-line string as they are', () => {
    expect(reduceToBody('def f():\n    s = """\n  raw\n    """\n    return s', { name: 'f', context: [] }, parsers.python)).toBe('s = """\n  raw\n    """\nreturn s');
  });

  it.each([
    ['drops a docstring when the stub has one', ['"""Sum of the prices."""'], 'def total(items):\n    """Return the total."""\n    return 0', 'return 0'],
    ['drops a docstring when the stub has one among comments', ['# note', '"Sum."'], 'def total(items):\n    """Return the total."""\n    return 0', 'return 0'],
    ['drops a docstring when the stub has an indented one', ['  "Sum."'], 'def total(items):\n    """Return the total."""\n    return 0', 'return 0'],
    ['keeps a docstring when the stub has only comments', ['# see """ docs', '# say "hi"'], 'def total(items):\n    """Return the total."""\n    return 0', '"""Return the total."""\nreturn 0'],
    ['keeps a second string statement', ['"""Doc."""'], 'def total():\n    """Doc."""\n    "x"\n    return 1', '"x"\nreturn 1'],
    ['keeps a first statement that holds a string', ['"""Doc."""'], 'def total():\n    assert "ok"\n    return 1', 'assert "ok"\nreturn 1'],
    ['drops the repeated docstring but not the code after it', ['"""Doc."""'], 'def total():\n    """Doc."""\n    return 1', 'return 1'],
  ])('python: %s', (_name, context, answer, body) => {
    expect(reduceToBody(answer, { name: 'total', context }, parsers.python)).toBe(body);
  });

  it.each([
    ['keeps a new comment', ['// keep x in range'], '  // new note\n', '// new note\nreturn x;'],
    ['drops a repeated comment among others', ['// other', '// keep x in range'], '  // keep x in range\n', 'return x;'],
    ['drops a repeated comment written with blanks around', ['  // keep x in range '], '  // keep x in range\n', 'return x;'],
    ['drops a repeated comment the answer ends with blanks', ['// keep x in range'], '  // keep x in range  \n', 'return x;'],
    ['keeps a statement that equals a context line', ['return x;'], '', 'return x;'],
  ])('typescript: %s', (_name, context, comment, body) => {
    expect(reduceToBody(`function clamp(x: number): number {\n${comment}  return x;\n}`, { name: 'clamp', context }, parsers.typescript)).toBe(body);
  });

  it('takes the comments around a Go statement list, in order', () => {
    expect(reduceToBody('func Len() int {\n\t// a\n\t// b\n\treturn 1\n\t// c\n\t// d\n}', { name: 'Len', context: [] }, parsers.go)).toBe('// a\n// b\nreturn 1\n// c\n// d');
    expect(reduceToBody('func Len() int {\n\t// a\n\t// b\n\treturn 1\n\t// c\n\t// d\n}', { name: 'Len', context: ['// a'] }, parsers.go)).toBe('// b\nreturn 1\n// c\n// d');
  });

  it('tries a method inside its class only when it does not parse alone', () => {
    let wrapped = 0;
    const wrap = (code: string) => {
      wrapped++;
      return { code: `class A {\n${code}\n}`, offset: 10 };
    };
    expect(reduceToBody('function clamp(x) {\n  return x;\n}', { name: 'clamp', context: [], wrap }, parsers.typescript)).toBe('return x;');
    expect(wrapped).toBe(0);
    expect(reduceToBody('clamp(x) {\n  return x;\n}', { name: 'clamp', context: [], wrap }, parsers.typescript)).toBe('return x;');
    expect(wrapped).toBe(1);
  });

  it('skips a function of the same name in the text the wrapper adds before the method', () => {
    const before = 'class B {\n  clamp(x) {\n    return 0;\n  }\n}\nclass A {\n';
    const wrap = (code: string) => ({ code: `${before}${code}\n}`, offset: before.length });
    expect(reduceToBody('clamp(x) {\n  return x;\n}', { name: 'clamp', context: [], wrap }, parsers.typescript)).toBe('return x;');
  });

  it('deletes every tree it parses', () => {
    let live = 0;
    const counting: CodeParser = (code) => {
      const parsed = parsers.python(code)!;
      live++;
      const del = parsed.tree.delete.bind(parsed.tree);
      parsed.tree.delete = () => { live--; del(); };
      return parsed;
    };
    expect(reduceToBody('def f():\n    return 1', { name: 'f', context: [] }, counting)).toBe('return 1');
    expect(reduceToBody('return 1', { name: 'f', context: [] }, counting)).toBe('return 1');
    expect(live).toBe(0);
  });

  it('reads the answer as a plain body without a parser', () => {
    expect(reduceToBody('def f():\n    return 1', { name: 'f', context: [] }, () => undefined)).toBe('def f():\n    return 1');
  });
});

describe('reduceToBody from a plain body', () => {
  const T = { name: 'f', context: [] as string[] };
  it.each([
    ['leading blank lines in a fence', '```\n\n\nreturn 1\n```', 'return 1'],
    ['trailing blank lines in a fence', '```\nreturn 1\n\n\n```', 'return 1'],
    ['a braced block after other code', 'if (x) {\n  return 1;\n}', 'if (x) {\n  return 1;\n}'],
    ['braces followed by more code', '{\n  a();\n}\nb();', '{\n  a();\n}\nb();'],
    ['braces followed by a semicolon', '{\n  a();\n};', '{\n  a();\n};'],
    ['indented braces', '```\n  {\n    return 1;\n  }\n```', 'return 1;'],
    ['code after the opening brace', '{ a();\n  b();\n}', 'a();\n b();'],
    ['blanks after the opening brace', '{  \n  a();\n}', 'a();'],
    ['code right after the brace', '{a();\nb();\n}', 'a();\nb();'],
    ['blank lines before the closing brace', '{\n  a();\n\n}', 'a();'],
  ])('typescript: %s', (_name, answer, body) => {
    expect(reduceToBody(answer, T, parsers.typescript)).toBe(body);
  });

  it.each([
    ['an indented comment the stub has', ['# note'], '  # note\n  return 1', 'return 1'],
    ['a comment written with a trailing blank', ['# note '], '# note\nreturn 1', 'return 1'],
    ['a comment written with leading blanks', ['  # note'], '# note\nreturn 1', 'return 1'],
    ['comments in another order', ['# b', '# a'], '# a\n# b\nreturn 1', 'return 1'],
    ['a comment that starts a longer line', ['# TODO'], '# TODO: later\nreturn 1', ': later\nreturn 1'],
    ['a comment that starts a longer word', ['# note'], '# notes\nreturn 1', 's\nreturn 1'],
    ['a blank context entry', ['  '], 'return 1', 'return 1'],
  ])('python: drops %s', (_name, context, answer, body) => {
    expect(reduceToBody(answer, { name: 'f', context }, parsers.python)).toBe(body);
  });

  it.each([
    ['in place at the body column', 'x = 1\n    return x', { bodyColumn: 4 }, 'x = 1\nreturn x'],
    ['relative to an indented first line', '  x = 1\n      return x', { bodyColumn: 4 }, 'x = 1\n    return x'],
    ['relative without a body column', 'x = 1\n    return x', {}, 'x = 1\n    return x'],
    ['a string’s lines as they are', 's = """\nraw\n"""\n    return s', { bodyColumn: 4 }, 's = """\nraw\n"""\nreturn s'],
  ])('python: %s', (_name, answer, extra, body) => {
    expect(reduceToBody(answer, { name: 'f', context: [], ...extra }, parsers.python)).toBe(body);
  });
});

describe('bodyLayout', () => {
  it.each<[string, number, boolean | undefined, number[], string]>([
    ['a', 4, undefined, [], 'in place'],
    ['a\n      b', 4, undefined, [], 'in place'],
    ['a\n  b', 4, undefined, [], 'relative'],
    ['a\n\n    b', 4, undefined, [], 'in place'],
    ['a\n   \n    b', 4, undefined, [], 'in place'],
    ['   \n  b', 4, undefined, [], 'relative'],
    ['s = `\nraw\n`\n    b', 4, undefined, [1, 2], 'in place'],
    ['x = {  \n    b', 4, undefined, [], 'relative'],
    ['// note:\n    b', 4, undefined, [], 'in place'],
    ['  # note:\n    b', 4, undefined, [], 'in place'],
    ['x = a // b:\n    c', 4, undefined, [], 'relative'],
    ['a = x\n    + b // plus', 4, undefined, [], 'relative'],
    ['a = x\n    // plus', 4, undefined, [], 'in place'],
    ['if (a) {\n    use_default()', 4, undefined, [], 'relative'],
    ['switch (x) {\n    case 1:', 4, undefined, [], 'in place'],
    ['const s =\n    b', 4, undefined, [], 'either'],
    ['a = x\n    b', 4, undefined, [], 'in place'],
    ['f(x)\n    b', 4, undefined, [], 'in place'],
    ['a = x\n    b', 4, true, [], 'either'],
    ['a = x;\n    b', 4, true, [], 'in place'],
    ['a = {}\n    b', 4, true, [], 'in place'],
    ['a; b\n    c', 4, true, [], 'either'],
    ['a = x\n    b', 4, false, [], 'in place'],
  ])('%j at column %i (semicolons %s, strings %j): %s', (body, column, semicolons, verbatim, layout) => {
    expect(bodyLayout(body, column, semicolons, new Set(verbatim))).toBe(layout);
    expect(isRelative(body, column, semicolons, new Set(verbatim))).toBe(layout !== 'in place');
  });

  it('defaults to no semicolons and no strings', () => {
    expect(bodyLayout('a = f(x)\n    b = 1', 4)).toBe('in place');
    expect(isRelative('a = f(x)\n    b = 1', 4)).toBe(false);
  });
});

describe('stringLineRows', () => {
  it('gives the rows inside multi-line strings, not those of strings joined over lines', () => {
    const parsed = parsers.python('s = (\n    "a"\n    "b"\n)\nt = """\nx\n"""\nu = 1')!;
    expect([...stringLineRows(parsed.tree.rootNode)].sort()).toEqual([5, 6]);
    parsed.tree.delete();
    expect([...verbatimLines('t = """\nx\n"""', parsers.python)]).toEqual([1, 2]);
    expect([...verbatimLines('t = 1', () => undefined)]).toEqual([]);
  });
});
