import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFimContext } from '../../server/context/fimContext';
import { DocumentTrees, type SyntaxSnapshot } from '../../server/syntax/documentTrees';
import { GrammarRegistry } from '../../server/syntax/grammarRegistry';

/**
 * The context the model sees, on documents larger than the budget (issue 13: no unit test
 * reached this before): the window nearest the cursor cut at statement boundaries, the
 * file's imports and the enclosing headers kept from far above, within their shares.
 */
const registry = new GrammarRegistry();
const trees = new DocumentTrees(registry);
const open: SyntaxSnapshot[] = [];
let n = 0;

async function snapshot(text: string): Promise<SyntaxSnapshot> {
  const uri = `file:///fim/${++n}.py`;
  trees.open(uri, 'python', text, 1);
  const s = (await trees.snapshot(uri, text, 1))!;
  open.push(s);
  return s;
}

/** A function of `lines` statements, each a line of about 30 characters. */
const body = (name: string, lines: number) => `def ${name}(x):\n${Array.from({ length: lines }, (_, i) => `    v${i} = x + ${i}  # step ${i}\n`).join('')}`;

describe('buildFimContext on a document larger than the budget', () => {
  beforeAll(async () => {
    await registry.load(registry.entries.find((e) => e.id === 'python')!);
  });
  afterAll(() => open.forEach((s) => s.dispose()));

  const IMPORTS = 'import os\nimport sys\n\n\n';
  const text = `${IMPORTS}class Big:\n${body('far', 200).replace(/^/gm, '    ')}\n${body('near', 40).replace(/^/gm, '    ')}        █\n        return x\n\n${body('after', 200)}`;
  const offset = text.indexOf('█');
  const doc = text.replace('█', '');
  const budget = { prefixTokens: 256, suffixTokens: 64 };

  it('keeps the imports and the enclosing class header above a window cut at a statement', async () => {
    const ctx = buildFimContext(doc, offset, budget, await snapshot(doc));
    expect(ctx.prefix.startsWith('import os\nimport sys\n\nclass Big:\n    def near(x):\n')).toBe(true);
    // The window is whole lines, ending at the cursor, within the budget.
    expect(ctx.prefix.endsWith('  # step 39\n' + doc.slice(doc.lastIndexOf('\n', offset - 1) + 1, offset))).toBe(true);
    expect(ctx.prefix.length).toBeLessThanOrEqual(256 * 4);
    expect(ctx.prefix.length).toBeGreaterThan(256 * 4 * 0.5);
    const window = ctx.prefix.slice(ctx.prefix.indexOf('    def near(x):\n') + '    def near(x):\n'.length);
    expect(doc.slice(0, offset).endsWith(window)).toBe(true);
    expect(window.startsWith('        v')).toBe(true);
  });

  it('ends the suffix at a statement end within its budget', async () => {
    const ctx = buildFimContext(doc, offset, budget, await snapshot(doc));
    expect(doc.slice(offset).startsWith(ctx.suffix)).toBe(true);
    expect(ctx.suffix.length).toBeLessThanOrEqual(64 * 4);
    expect(ctx.suffix.endsWith('\n')).toBe(true);
    expect(ctx.suffix.length).toBeGreaterThan(64 * 4 * 0.5);
  });

  it('sends a small document whole, and falls back to lines without a tree', async () => {
    const small = 'import os\n\ndef f():\n    return 1\n';
    expect(buildFimContext(small, small.indexOf('return'), budget, await snapshot(small))).toEqual({ prefix: 'import os\n\ndef f():\n    ', suffix: 'return 1\n', multiline: true });
    const plain = buildFimContext(doc, offset, budget, undefined);
    expect(plain.prefix.length).toBeLessThanOrEqual(256 * 4);
    expect(plain.prefix.startsWith('import os')).toBe(false);
  });
});

/** `n` lines made by `line`. */
const lines = (n: number, line: (i: number) => string) => Array.from({ length: n }, (_, i) => line(i)).join('');

/**
 * Exact contexts on small documents with small budgets (a token is 4 characters; imports and
 * headers get a quarter of the prefix budget each). Each case marks the cursor with █ and
 * gives the language, the prefix and suffix budgets in tokens, and the context.
 */
const CASES: Array<[string, string, string, number, number, { prefix: string; suffix: string; multiline: boolean }]> = [
    ['imports and the class header above a method window', 'python', 'import os\nimport re\n\nclass Shop:\n    rate = 1\n\n    def total(self, items):\n        a = 1\n        b = 2\n        c = 3\n        d = 4\n        █\n        return a\n\n    def other(self):\n        pass\n', 24, 4, { prefix: 'import os\nimport re\n\nclass Shop:\n        b = 2\n        c = 3\n        d = 4\n        ', suffix: '\n', multiline: true }],
    ['no imports, a class at the very start', 'python', 'class Shop:\n    def total(self, items):\n        a = 1\n        b = 2\n        c = 3\n        d = 4\n        e = 5\n        █\n        return a\n', 16, 4, { prefix: 'class Shop:\n        c = 3\n        d = 4\n        e = 5\n        ', suffix: '\n', multiline: true }],
    ['imports beyond their share', 'python', 'import a\nimport b\nimport c\nimport d\n\n' + lines(20, (i) => `x${i} = ${i}\n`) + '█\nt = 7\ns = 8\n', 16, 4, { prefix: 'import a\n\nx14 = 14\nx15 = 15\nx16 = 16\nx17 = 17\nx18 = 18\nx19 = 19\n', suffix: '\nt = 7\ns = 8\n', multiline: true }],
    ['a header longer than its share', 'python', 'def total(items, prices, discounts, taxes):\n    a = 1\n    b = 2\n    c = 3\n    d = 4\n    e = 5\n    █\n    return a\n', 16, 4, { prefix: '    a = 1\n    b = 2\n    c = 3\n    d = 4\n    e = 5\n    ', suffix: '\n    return a\n', multiline: true }],
    ['prefix whole, suffix cut', 'python', 'x = 1\ny = 2\n█\nz = 3\nw = 4\nv = 5\n', 64, 4, { prefix: 'x = 1\ny = 2\n', suffix: '\nz = 3\nw = 4\n', multiline: true }],
    ['cursor exactly at the prefix budget, suffix cut', 'python', 'a = 1\nb = 2\n█c = 3\nd = 4\ne = 5\n', 3, 2, { prefix: 'a = 1\nb = 2\n', suffix: 'c = 3\n', multiline: true }],
    ['prefix cut, suffix fits without a final newline', 'python', 'a = 1\nb = 2\nc = 3\nd = 4\n█\ne = 5\nf = 6', 4, 64, { prefix: 'c = 3\nd = 4\n', suffix: '\ne = 5\nf = 6', multiline: true }],
    ['window inside a long list', 'python', 'values = [\n    1,\n    2,\n    3,\n    4,\n    5,\n    6,\n    █\n    7,\n    8,\n    9,\n    10,\n]\n', 6, 4, { prefix: '    5,\n    6,\n    ', suffix: '\n    7,\n    8,\n', multiline: true }],
    ['a long last line without a newline', 'python', 'x = 1\ny = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"█', 4, 4, { prefix: 'y = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"', suffix: '', multiline: false }],
    ['a window smaller than the cursor line', 'python', 'x = 1\ny = "aaaaaaaaaaaaaaaaaaaaaaaa"█\nz = 2\n', 4, 4, { prefix: 'y = "aaaaaaaaaaaaaaaaaaaaaaaa"', suffix: '\nz = 2\n', multiline: false }],
    ['imports inside a function', 'python', 'def main():\n    import os\n    import re\n' + lines(12, (i) => `    v${i} = ${i}\n`) + '    █\n    return v0\n', 24, 4, { prefix: 'import os\nimport re\n\n    v6 = 6\n    v7 = 7\n    v8 = 8\n    v9 = 9\n    v10 = 10\n    v11 = 11\n    ', suffix: '\n    return v0\n', multiline: true }],
    ['one long line after an import', 'python', 'import os; x = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"█\ny = 1\nz = 2\nw = 3\nv = 4\n', 12, 4, { prefix: 'import os; x = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"', suffix: '\ny = 1\nz = 2\n', multiline: false }],
    ['an import 50,000 characters down is not looked for', 'python', lines(9000, () => 'x = 0\n') + 'import late\n' + lines(20, (i) => `y${i} = ${i}\n`) + '█\nz = 1\n', 16, 4, { prefix: 'y13 = 13\ny14 = 14\ny15 = 15\ny16 = 16\ny17 = 17\ny18 = 18\ny19 = 19\n', suffix: '\nz = 1\n', multiline: true }],
    ['a suffix budget smaller than the next line', 'python', 'x = 1█\ny = "aaaaaaaaaaaaaaaaaaaa"\n', 64, 2, { prefix: 'x = 1', suffix: '\n', multiline: false }],
    ['a suffix window within a long line', 'python', 'x = "aaaaaa█aaaaaaaaaaaaaaaaaaaaaaaaaa"\ny = 1\n', 64, 2, { prefix: 'x = "aaaaaa', suffix: 'aaaaaaaa', multiline: false }],
    ['typescript: headers through their opening brace', 'typescript', "import a from 'a';\n\nclass S {\n  f() {\n    const x = 1;\n    const y = 2;\n    const z = 3;\n    const w = 4;\n    █\n    return x;\n  }\n}\n", 20, 4, { prefix: "import a from 'a';\n\nclass S {\n    const z = 3;\n    const w = 4;\n    ", suffix: '\n    return x;\n', multiline: true }],
    ['go: tabs and CRLF line ends', 'go', 'package main\r\n\r\nimport "fmt"\r\n\r\nfunc main() {\r\n\tx := 1\r\n\ty := 2\r\n\tz := 3\r\n\tw := 4\r\n\t█\r\n\tfmt.Println(x)   \r\n\tfmt.Println(y)\t\r\n\tfmt.Println(z)\r\n}\r\n', 16, 8, { prefix: 'package main\n\n\tx := 1\r\n\ty := 2\r\n\tz := 3\r\n\tw := 4\r\n\t', suffix: '\r\n\tfmt.Println(x)   \r\n', multiline: true }],
    ['python: trailing spaces after statements in the suffix', 'python', 'def f(a):\n    x = 1\n    y = 2\n    z = 3\n    █\n    p = a  \n    q = (a +\n         1)\n    r = 3\n', 8, 8, { prefix: '    y = 2\n    z = 3\n    ', suffix: '\n    p = a  \n', multiline: true }],
    ['python: a statement split over lines at the window start', 'python', 'def f(a):\n    total = (a +\n             1 +\n             2); w = 0\n    y = 2\n    █\n    return y\n', 10, 4, { prefix: 'def f(a):\n    y = 2\n    ', suffix: '\n    return y\n', multiline: true }],
    ['python: blank lines at the window start', 'python', 'def f(a):\n    x = 1\n\n\n\n    y = 2\n    █\n    return y\n', 6, 4, { prefix: '    y = 2\n    ', suffix: '\n    return y\n', multiline: true }],
    ['a method header inside the window is not repeated above it', 'python', 'import os\n\nclass S:\n' + lines(20, (i) => `    r${i} = ${i}\n`) + '\n    def f(s):\n        a = 1\n        █\n        return a\n', 24, 4, { prefix: 'import os\n\nclass S:\n    r17 = 17\n    r18 = 18\n    r19 = 19\n\n    def f(s):\n        a = 1\n        ', suffix: '\n', multiline: true }],
    ['imports exactly filling their share', 'python', 'import a\nimport b\nimport c\n\n' + lines(20, (i) => `x${i} = ${i}\n`) + '█\ny = 1\nz = 2\n', 18, 2, { prefix: 'import a\nimport b\n\nx15 = 15\nx16 = 16\nx17 = 17\nx18 = 18\nx19 = 19\n', suffix: '\ny = 1\n', multiline: true }],
  ['suffix exactly the budget, without a final newline', 'python', 'a = 1\nb = 2\nc = 3\nd = 4\nx█\ne = 5\nf = 66666', 2, 4, { prefix: 'd = 4\nx', suffix: '\ne = 5\nf = 66666', multiline: false }],
  ['cursor before a statement after a list', 'python', 'x = [\n    1,\n    2,\n    3,\n    4,\n]\n█y = 1\nz = 2\nw = 3\n', 4, 2, { prefix: '    3,\n    4,\n]\n', suffix: 'y = 1\n', multiline: true }],
  ['suffix cut after a statement split over lines', 'python', 'x = 1█\ny = (1 +\n     2)\n', 64, 3, { prefix: 'x = 1', suffix: '\ny = (1 +\n', multiline: false }],
  ['cursor before the last character of a statement', 'python', 'f(1█)\ny = (1 +\n     2)\n', 64, 3, { prefix: 'f(1', suffix: ')\n', multiline: false }],
  ['python: a continuation line at the window start', 'python', 'def f(a):\n    total = (a +\n             1 +\n             2)\n    y = 2\n    █\n    return y\n', 10, 4, { prefix: 'def f(a):\n    y = 2\n    ', suffix: '\n    return y\n', multiline: true }],
];

describe('buildFimContext, exact contexts', () => {
  const registry = new GrammarRegistry();
  const trees = new DocumentTrees(registry);
  let k = 0;
  beforeAll(async () => {
    for (const id of ['python', 'typescript', 'go']) await registry.load(registry.entries.find((e) => e.id === id)!);
  });

  async function contextOf(language: string, marked: string, prefixTokens: number, suffixTokens: number) {
    const text = marked.replace('█', '');
    const uri = `file:///fim/exact/${++k}.${language === 'python' ? 'py' : language === 'go' ? 'go' : 'ts'}`;
    trees.open(uri, language, text, 1);
    const s = (await trees.snapshot(uri, text, 1))!;
    try {
      return buildFimContext(text, marked.indexOf('█'), { prefixTokens, suffixTokens }, s);
    } finally {
      s.dispose();
      trees.close(uri);
    }
  }

  it.each(CASES)('%s', async (_name, language, marked, prefixTokens, suffixTokens, expected) => {
    expect(await contextOf(language, marked, prefixTokens, suffixTokens)).toEqual(expected);
  });

  it('wants one line in a one-line comment, and a block in a docstring', async () => {
    expect((await contextOf('python', '# steps:█\nx = 1\n', 64, 64)).multiline).toBe(false);
    expect((await contextOf('python', 'x = 1  # steps:█\n', 64, 64)).multiline).toBe(false);
    expect((await contextOf('python', 'def f():\n    """Steps:█\n    more\n    """\n', 64, 64)).multiline).toBe(true);
    expect((await contextOf('python', 'def f():█\n    pass\n', 64, 64)).multiline).toBe(true);
    expect((await contextOf('python', 'x = f(1)█\n', 64, 64)).multiline).toBe(false);
  });
});

