import type { Tree } from 'web-tree-sitter';
import { afterAll, describe, expect, it } from 'vitest';
import { DocumentTrees, type SyntaxSnapshot } from '../../server/syntax/documentTrees';
import { GrammarRegistry } from '../../server/syntax/grammarRegistry';
import { spliceCheck } from '../../server/syntax/spliceCheck';

/**
 * The splice check re-parses a region of the document around the cursor (or the whole
 * document). These tests watch what it parses through a snapshot that records each parse:
 * `region: <text>` for a region parsed from scratch, `whole` for the whole document re-parsed.
 */
const trees = new DocumentTrees(new GrammarRegistry());
const uris: string[] = [];
afterAll(() => uris.forEach((u) => trees.close(u)));

interface Watched {
  splice(insertion: string): { errors: number; unitEnd?: number };
  log: string[];
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
    return tree;
  };
  const syntax: SyntaxSnapshot = {
    ...s,
    parse: (code) => {
      log.push(`region: ${code}`);
      return failOn !== undefined && code.includes(failOn) ? undefined : track(s.parse(code));
    },
    reparse: (edit, newText) => {
      log.push('whole');
      return failOn !== undefined && newText.includes(failOn) ? undefined : track(s.reparse(edit, newText));
    },
  };
  const before = text.slice(0, offset);
  const check = spliceCheck(syntax, offset, { row: before.split('\n').length - 1, column: offset - (before.lastIndexOf('\n') + 1) }, options);
  return { splice: (i) => check.splice(i), log, trees: counts };
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
    expect(w.log).toEqual(region === 'whole' ? ['whole'] : [`region: ${region}`, `region: ${region}`]);
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
    expect(w.log).toEqual(['region: y = 1\n', 'region: y = 1\n']);
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
    expect(w.trees).toEqual({ made: 4, deleted: 4 });
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
    expect(w.trees).toEqual({ made: 2, deleted: 2 });
  });
});
