import { Parser, type Tree } from 'web-tree-sitter';
import { afterAll, describe, expect, it } from 'vitest';
import { DocumentTrees, type SyntaxSnapshot } from '../../server/syntax/documentTrees';
import { GrammarRegistry } from '../../server/syntax/grammarRegistry';
import { spliceCheck } from '../../server/syntax/spliceCheck';
import { countSyntaxErrors } from '../../server/syntax/syntaxQueries';
import { unitEnd } from '../../server/syntax/unitEnd';

/**
 * The splice check re-parses a region of the document around the cursor (or the whole
 * document). These tests watch what it parses through a snapshot that records each parse:
 * `region: <text>` for a region parsed from scratch, `again: <text>` for one parsed from the
 * region's tree edited, `whole` for the whole document re-parsed.
 */
const trees = new DocumentTrees(new GrammarRegistry());
const uris: string[] = [];
afterAll(() => uris.forEach((u) => trees.close(u)));

interface Watched {
  splice(insertion: string): { errors: number; unitEnd?: number };
  prepare(): void;
  dispose(): void;
  log: string[];
  /** Trees parsed and their copies, and how many of them were deleted. */
  trees: { made: number; deleted: number };
}

/** A splice check at `|` in `marked`; `failOn`: a parse of code containing it gives no tree. */
async function watched(language: string, marked: string, failOn?: string, options?: { unitEnds?: boolean }): Promise<Watched> {
  const offset = marked.indexOf('|');
  const text = marked.replace('|', '');
  const uri = `file:///splice/${uris.length}`;
  uris.push(uri);
  trees.open(uri, language, text, 1);
  const s = (await trees.snapshot(uri, text, 1))!;
  const log: string[] = [];
  const counts = { made: 0, deleted: 0 };
  const track = (tree: Tree | undefined): Tree | undefined => {
    if (!tree) return undefined;
    counts.made++;
    const del = tree.delete.bind(tree);
    tree.delete = () => {
      counts.deleted++;
      del();
    };
    const copy = tree.copy.bind(tree);
    tree.copy = () => track(copy())!;
    return tree;
  };
  const syntax: SyntaxSnapshot = {
    ...s,
    parse: (code, old) => {
      log.push(`${old ? 'again' : 'region'}: ${code}`);
      return failOn !== undefined && code.includes(failOn) ? undefined : track(s.parse(code, old));
    },
    reparse: (edit, newText) => {
      log.push('whole');
      return failOn !== undefined && newText.includes(failOn) ? undefined : track(s.reparse(edit, newText));
    },
  };
  const before = text.slice(0, offset);
  const check = spliceCheck(syntax, offset, { row: before.split('\n').length - 1, column: offset - (before.lastIndexOf('\n') + 1) }, options);
  return { splice: (i) => check.splice(i), prepare: () => check.prepare(), dispose: () => check.dispose(), log, trees: counts };
}

/** Each case: the document with the cursor at `|`, and the region parsed around it (`whole`: the whole document re-parsed). */
const CASES: Array<[string, string, string, string]> = [
  ['python: the function at the cursor and the next one', 'python', 'def f(x):\n    |return x\n\n\ndef g():\n    pass\n\nclass A:\n    pass\n',
    'def f(x):\n    return x\n\n\ndef g():\n    pass'],
  ['python: a cursor at the very start of a node is in it', 'python', 'def f(x):\n    return x\n\n\n|def g():\n    pass\n\nclass A:\n    pass\n',
    'def g():\n    pass\n\nclass A:\n    pass'],
  ['python: the last node runs to the end of the document', 'python', 'def f(x):\n    return x\n\n\ndef g():\n    pa|ss\n',
    'def g():\n    pass\n'],
  ['python: an empty document', 'python', '|',
    'whole'],
  ['php: the tag goes in front', 'php', '<?php\nfunction f() {\n  return 1;\n}\nfunction g() {\n  |\n}\nfunction h() {}\n',
    '<?php\nfunction g() {\n  \n}\nfunction h() {}'],
  ['php: a cursor in the tag', 'php', '<?php|\nfunction f() {\n  return 1;\n}\n',
    'whole'],
  ['php: a broken function after the tag', 'php', '<?php\nfunction f() {\n  return [|\n}\n',
    '<?php\nfunction f() {\n  return [\n}\n'],
  ['typescript: a broken function takes in the comments and the statement before it', 'typescript', 'const a = 1;\n// c\nfunction f() {\n  return [|\n}\nconst z = 2;\n',
    'const a = 1;\n// c\nfunction f() {\n  return [\n}\nconst z = 2;'],
  ['typescript: a broken function takes in the statement before it', 'typescript', 'const a = 1;\nconst b = 2;\nfunction f() {\n  return [|\n}\nconst z = 2;\n',
    'const b = 2;\nfunction f() {\n  return [\n}\nconst z = 2;'],
  ['typescript: a broken function after a first comment', 'typescript', '// c\nfunction f() {\n  return [|\n}\nconst z = 2;\n',
    '// c\nfunction f() {\n  return [\n}\nconst z = 2;'],
  ['typescript: a broken first function', 'typescript', 'function f() {\n  return [|\n}\nconst z = 2;\n',
    'function f() {\n  return [\n}\nconst z = 2;'],
  ['typescript: a stray brace after the cursor takes in the next statement', 'typescript', 'const a = 1;\nfunction f() {\n  if (x) {\n|}\n}\n}\nconst z = 2;\nconst w = 3;\n',
    'function f() {\n  if (x) {\n}\n}\n}\nconst z = 2;'],
  ['typescript: a stray brace at the end', 'typescript', 'function f() {\n  |g();\n}\n}\n',
    'function f() {\n  g();\n}\n}\n'],
];

describe('the region parsed', () => {
  it.each(CASES)('%s', async (_name, language, marked, region) => {
    const w = await watched(language, marked);
    w.splice('');
    // Once for the document's own errors, once with the (empty) insertion.
    expect(w.log).toEqual(region === 'whole' ? ['whole'] : [`region: ${region}`, `again: ${region}`]);
  });
});

describe('how far a broken document’s region reaches after the cursor', () => {
  /** A stray `}` `distance` characters after the cursor, then one more statement. */
  function strayBraceAt(distance: number): string {
    const head = 'function f() {\n  |g();\n}\nconst s = "';
    const cursor = head.indexOf('|');
    const pad = 'a'.repeat(distance - (head.length - 1 - cursor) - '";\n'.length);
    return `${head}${pad}";\n}\nconst z = 2;\n`;
  }

  it('takes in a stray brace that starts less than 20 000 characters after the cursor', async () => {
    const w = await watched('typescript', strayBraceAt(19_999));
    w.splice('');
    expect(w.log[0]!.endsWith('}\nconst z = 2;')).toBe(true);
  });

  it('leaves out one 20 000 characters after it', async () => {
    const w = await watched('typescript', strayBraceAt(20_000));
    w.splice('');
    expect(w.log[0]!.endsWith('";')).toBe(true);
  });
});

describe('a large region is checked on the whole document', () => {
  const kinds = (log: string[]) => log.map((l) => (l === 'whole' ? 'whole' : 'region'));

  it('parses a region of 200 000 characters on its own, and a larger one in the document', async () => {
    const doc = (length: number) => `x = "|${'a'.repeat(length - 'x = ""\n'.length)}"\n`;
    const atLimit = await watched('python', doc(200_000));
    atLimit.splice('b');
    expect(kinds(atLimit.log)).toEqual(['region', 'region']);
    const over = await watched('python', doc(200_001));
    over.splice('b');
    expect(kinds(over.log)).toEqual(['whole']);
  });

  it('measures the region, not where it is in the file', async () => {
    const w = await watched('python', `x = "${'a'.repeat(150_000)}"\ny = 1|\n`);
    w.splice('');
    expect(w.log).toEqual(['region: y = 1\n', 'again: y = 1\n']);
  });
});

describe('what a splice check answers', () => {
  it('counts the errors an insertion adds, on the region alone where the document parses', async () => {
    const w = await watched('python', 'def f(x):\n    |return x\n');
    expect(w.splice('y = 1\n    ')).toEqual({ errors: 0 });
    expect(w.splice('y = (\n    ')).toEqual({ errors: 1 });
    expect(w.log.filter((l) => l === 'whole')).toEqual([]);
  });

  it('judges an insertion blamed in a broken document on the whole document', async () => {
    const w = await watched('typescript', 'function f() {\n  |return 1;\n}\nconst a = 1;\nfunction g() {\n  return [\n}\n');
    expect(w.splice('x = 1;\n  ')).toEqual({ errors: 0 });
    expect(w.log.filter((l) => l === 'whole')).toEqual([]);
    expect(w.splice('x = (;\n  ')).toEqual({ errors: 1 });
    expect(w.log.filter((l) => l === 'whole')).toEqual(['whole']);
    // The region as it is, and per insertion its edited copy and the tree parsed from it; the whole document's.
    w.dispose();
    expect(w.trees).toEqual({ made: 6, deleted: 6 });
  });

  it('gives where the insertion runs past the unit, as an index into it', async () => {
    const w = await watched('python', 'def f(x):\n    |\n\n\ndef g():\n    pass\n');
    expect(w.splice('return x\n\n\ndef extra():\n    return 1')).toEqual({ errors: 0, unitEnd: 'return x'.length });
    // A one-line suggestion's check counts errors only (unitEnd asks the definitions query).
    const line = await watched('python', 'def f(x):\n    |\n\n\ndef g():\n    pass\n', undefined, { unitEnds: false });
    expect(line.splice('return x\n\n\ndef extra():\n    return 1')).toEqual({ errors: 0, unitEnd: undefined });
  });

  it('parses each insertion once', async () => {
    const w = await watched('python', 'def f(x):\n    |return x\n');
    w.splice('y = 1\n    ');
    const parses = w.log.length;
    w.splice('y = 1\n    ');
    expect(w.log.length).toBe(parses);
  });

  it('counts an insertion that could not be parsed as the worst, and frees every tree it parsed', async () => {
    const w = await watched('python', 'def f(x):\n    |return x\n', 'FAIL');
    expect(w.splice('FAIL')).toEqual({ errors: Number.MAX_SAFE_INTEGER });
    w.splice('y = 1\n    ');
    w.dispose();
    expect(w.trees).toEqual({ made: 4, deleted: 4 });
  });

  it('parses every insertion from scratch where the region as it is gave no tree', async () => {
    const w = await watched('python', 'def f(x):\n    |return FAIL\n', 'FAIL');
    // No tree with the insertion or without it: nothing is blamed on the insertion.
    expect(w.splice('y = 1\n    ')).toEqual({ errors: 0 });
    expect(w.log).toEqual(['region: def f(x):\n    return FAIL\n', 'region: def f(x):\n    y = 1\n    return FAIL\n']);
    w.dispose();
    expect(w.trees).toEqual({ made: 0, deleted: 0 });
  });

  it('parses the region as it is when prepared, before any insertion comes', async () => {
    const w = await watched('python', 'def f(x):\n    |return x\n');
    w.prepare();
    expect(w.log).toEqual(['region: def f(x):\n    return x\n']);
    w.splice('y = 1\n    ');
    expect(w.log).toEqual(['region: def f(x):\n    return x\n', 'again: def f(x):\n    y = 1\n    return x\n']);
  });
});

describe('a large unit is checked by its members around the cursor', () => {
  /** `count` copies of a member (`{i}` numbered), between a unit's header and its end. */
  const unit = (header: string, member: string, footer: string, count: number) =>
    header + Array.from({ length: count }, (_, i) => member.replaceAll('{i}', String(i))).join('') + footer;

  it('parses a class’s header, the method at the cursor and the next one, and its closing', async () => {
    const py = unit('class Big:\n', '    def m{i}(self, x):\n        return x + {i}\n\n', '', 400);
    const at = py.indexOf('return x + 200');
    const w = await watched('python', `${py.slice(0, at)}|${py.slice(at)}`);
    w.splice('');
    const region = 'class Big:\n    def m200(self, x):\n        return x + 200\n\n    def m201(self, x):\n        return x + 201';
    expect(w.log).toEqual([`region: ${region}`, `again: ${region}`]);

    const ts = unit('export class Big {\n', '  m{i}(x: number): number {\n    return x + {i};\n  }\n', '}\n', 400);
    const tsAt = ts.indexOf('return x + 399');
    const t = await watched('typescript', `${ts.slice(0, tsAt)}|${ts.slice(tsAt)}`);
    t.splice('');
    // The last method: nothing after it but the class's closing.
    expect(t.log[0]).toBe('region: export class Big {\n  m399(x: number): number {\n    return x + 399;\n  }\n}');
  });

  it('checks the whole unit where it has errors outside the method at the cursor, or the cursor is in a header', async () => {
    const py = unit('class Big:\n', '    def m{i}(self, x):\n        return x + {i}\n\n', '', 400);
    const broken = py.replace('return x + 5\n', 'return (x + 5\n');
    const at = broken.indexOf('return x + 200');
    const w = await watched('python', `${broken.slice(0, at)}|${broken.slice(at)}`);
    w.splice('');
    expect(w.log[0]!.startsWith('region: class Big:\n    def m0(self, x):')).toBe(true);
    // In a large function's parameters: its parts are no units to cut between.
    const fn = `function big(a|, b) {\n${Array.from({ length: 800 }, (_, i) => `  const v${i} = a + ${i};\n`).join('')}}\n`;
    const f = await watched('typescript', fn);
    f.splice('');
    expect(f.log[0]).toBe(`region: ${fn.replace('|', '')}`);
  });

  it('parses the method being written in a large class whose only errors are in it', async () => {
    const py = unit('class Big:\n', '    def m{i}(self, x):\n        return x + {i}\n\n', '', 400).replace('return x + 200\n', 'return (x + \n');
    const at = py.indexOf('return (x + ');
    const w = await watched('python', `${py.slice(0, at)}|${py.slice(at)}`);
    w.splice('');
    expect(w.log[0]).toBe('region: class Big:\n    def m200(self, x):\n        return (x + \n\n    def m201(self, x):\n        return x + 201');
  });

  it('parses a unit of 16 000 characters whole, wherever it is in the file', async () => {
    // A large function first, so that the small class starts past 16 000 characters.
    const big = `def big():\n${Array.from({ length: 800 }, (_, i) => `    v${i} = ${i}\n`).join('')}\n\n`;
    const small = 'class Small:\n    def a(self):\n        return 1\n\n    def b(self):\n        return 2\n';
    const w = await watched('python', `${big}${small.replace('return 1', '|return 1')}\n\ndef after():\n    pass\n`);
    w.splice('');
    expect(w.log[0]).toBe(`region: ${small}\n\ndef after():\n    pass`);
    // A class of exactly 16 000 characters (its node ends before the last line break): still whole.
    const head = 'class Exact:\n    def a(self):\n        return 1\n\n    def b(self):\n        s = "';
    const tail = '"\n        return s\n';
    const exact = `${head}${'x'.repeat(16_001 - head.length - tail.length)}${tail}`;
    const e = await watched('python', exact.replace('return 1', '|return 1'));
    e.splice('');
    expect(e.log[0]).toBe(`region: ${exact}`);
  });

  it('goes down through a large member the cursor is in, with what follows it in the unit', async () => {
    const inner = `    class Inner:\n${Array.from({ length: 600 }, (_, i) => `        def m${i}(self):\n            return ${i}\n\n`).join('')}`;
    const doc = `class Outer:\n${inner}    def after(self):\n        return 1\n`;
    const at = doc.indexOf('return 300');
    const w = await watched('python', `${doc.slice(0, at)}|${doc.slice(at)}`);
    w.splice('');
    expect(w.log[0]).toBe(
      'region: class Outer:\n    class Inner:\n        def m300(self):\n            return 300\n\n        def m301(self):\n            return 301\n\n    def after(self):\n        return 1\n'.trimEnd(),
    );
  });

  it('parses the whole unit where the cursor is between a large member and the next one', async () => {
    const inner = `    class Inner:\n${Array.from({ length: 600 }, (_, i) => `        def m${i}(self):\n            return ${i}\n\n`).join('')}`;
    const doc = `class Outer:\n${inner}\n    |\n    def after(self):\n        return 1\n`;
    const w = await watched('python', doc);
    w.splice('');
    expect(w.log[0]).toBe(`region: ${doc.replace('|', '').trimEnd()}\n`);
  });

  /**
   * The property the region must keep: for any insertion at any cursor, whether it adds
   * errors and where it runs past its unit are what the whole document, parsed afresh, says.
   * (How many errors may differ: closing a class early breaks each method after it in the
   * document, and the two in the region. A completion's check asks only whether an
   * insertion adds errors: postprocess/finalizeSuggestion.ts takes the first that adds none,
   * else cuts back to code that adds none.)
   */
  const LARGE: Array<{ language: string; text: string; cursors: string[]; insertions: string[] }> = [
    {
      language: 'python',
      text: unit('import os\n\n\nclass Big(Base):\n    """Many methods."""\n\n', '    @decorated\n    def m{i}(self, x):\n        y = x + {i}\n        return y\n\n', '\ndef after():\n    pass\n', 300),
      cursors: ['    def m0(self, x):\n', '        y = x + 150\n', '        return y\n\n    @decorated\n    def m151', '    def m299(self, x):\n        y = x + 299\n        return y\n'],
      insertions: ['', 'z = y * 2\n        ', 'z = (\n        ', 'return y\n\n    def extra(self):\n        return 1\n', 'return y\n\n\ndef top():\n    return 2\n', ')]}'],
    },
    {
      language: 'typescript',
      text: unit("import { x } from 'y';\n\nexport class Big extends Base {\n  private readonly field = 1;\n\n", '  m{i}(x: number): number {\n    const y = x + {i};\n    return y;\n  }\n\n', '}\n\nexport function after(): void {}\n', 300),
      cursors: ['  private readonly field = 1;\n\n', '  m0(x: number): number {\n', '    const y = x + 150;\n', '    return y;\n  }\n\n  m151', '  m299(x: number): number {\n    const y = x + 299;\n    return y;\n  }\n'],
      insertions: ['', 'const z = y * 2;\n    ', 'const z = (;\n    ', 'return y;\n  }\n\n  extra(): number {\n    return 1;\n  }\n', '}\n}\n\nfunction top() {\n  return 2;\n', '{'],
    },
    {
      language: 'rust',
      text: unit('use std::fmt;\n\nimpl Big {\n', '    fn m{i}(&self, x: i32) -> i32 {\n        let y = x + {i};\n        y\n    }\n\n', '}\n\nfn after() {}\n', 300),
      cursors: ['        let y = x + 150;\n', '        y\n    }\n\n    fn m151', '    fn m299(&self, x: i32) -> i32 {\n        let y = x + 299;\n        y\n    }\n'],
      insertions: ['', 'let z = y * 2;\n        ', 'let z = (;\n        ', 'y\n    }\n\n    fn extra(&self) -> i32 {\n        1\n    }\n', '}\n}\n\nfn top() -> i32 {\n    2\n', 'impl'],
    },
    {
      language: 'go',
      text: unit('package big\n\nfunc Big(a int) int {\n', '\tx{i} := a + {i}\n\tif x{i} > 0 {\n\t\ta = x{i}\n\t}\n', '\treturn a\n}\n\nfunc after() {}\n', 500),
      cursors: ['\tx250 := a + 250\n', '\tif x499 > 0 {\n\t\ta = x499\n\t}\n'],
      insertions: ['', 'y := a * 2\n\t', 'y := (\n\t', 'return a\n}\n\nfunc top() int {\n\treturn 2\n', '}'],
    },
    {
      language: 'java',
      text: unit('package big;\n\npublic class Big {\n', '    int m{i}(int x) {\n        int y = x + {i};\n        return y;\n    }\n\n', '}\n', 300),
      cursors: ['        int y = x + 150;\n', '    int m299(int x) {\n        int y = x + 299;\n        return y;\n    }\n'],
      insertions: ['', 'int z = y * 2;\n        ', 'int z = (;\n        ', 'return y;\n    }\n\n    int extra() {\n        return 1;\n    }\n', '}}}'],
    },
    {
      language: 'ruby',
      text: unit('require "x"\n\nclass Big\n', '  def m{i}(x)\n    y = x + {i}\n    y\n  end\n\n', 'end\n', 400),
      cursors: ['    y = x + 200\n', '  def m399(x)\n    y = x + 399\n    y\n  end\n'],
      insertions: ['', 'z = y * 2\n    ', 'z = (\n    ', 'y\n  end\n\n  def extra\n    1\n  end\n', 'end\nend\n'],
    },
  ];

  it.each(LARGE.map((c) => [c.language, c] as const))('%s: the same as the whole document for every insertion', async (_language, c) => {
    expect(c.text.length).toBeGreaterThan(16_000);
    const registry = new GrammarRegistry();
    const grammar = (await registry.load(registry.entries.find((e) => e.id === c.language)!))!;
    const parser = new Parser();
    parser.setLanguage(grammar.language);
    const own = parser.parse(c.text)!;
    const ownErrors = countSyntaxErrors(own);
    own.delete();
    for (const cursor of c.cursors) {
      expect(c.text.includes(cursor)).toBe(true);
      const offset = c.text.indexOf(cursor) + cursor.length;
      const w = await watched(c.language, `${c.text.slice(0, offset)}|${c.text.slice(offset)}`);
      for (const insertion of c.insertions) {
        const spliced = c.text.slice(0, offset) + insertion + c.text.slice(offset);
        const tree = parser.parse(spliced)!;
        const end = unitEnd(grammar, tree, offset, offset + insertion.length, spliced);
        const expected = { addsErrors: countSyntaxErrors(tree) > ownErrors, unitEnd: end === undefined ? undefined : end - offset };
        tree.delete();
        const result = w.splice(insertion);
        expect({ addsErrors: result.errors > 0, unitEnd: result.unitEnd }, `${c.language} at ${JSON.stringify(cursor)}: ${JSON.stringify(insertion)}`).toEqual(expected);
      }
      // Checked on a region, never on the whole document (which the expected answers parsed).
      expect(w.log.some((l) => l === 'whole')).toBe(false);
      expect(w.log.every((l) => l.length < 4000)).toBe(true);
      // The region parsed once as it is; each insertion from its tree, edited; every tree freed.
      expect(w.log.map((l) => l.slice(0, l.indexOf(':')))).toEqual(['region', ...c.insertions.map(() => 'again')]);
      w.dispose();
      expect(w.trees.deleted).toBe(w.trees.made);
    }
    parser.delete();
  });
});
