import { beforeAll, describe, expect, it } from 'vitest';
import { Query, type Node, type Tree } from 'web-tree-sitter';
import type { CodeParser } from '../../server/postprocess/reduceToBody';
import type { LoadedGrammar } from '../../server/syntax/grammarRegistry';
import {
  blockIdsAround,
  blockTest,
  countSyntaxErrorsIn,
  definitions,
  describeSyntaxErrors,
  enclosingScopes,
  enclosingScopesBefore,
  importSpans,
  innermostBlock,
  innermostDefinition,
  inStringOrComment,
  queryRange,
  statementEndsAt,
  statementStartsAt,
  stringOrCommentAt,
  syntaxAnchor,
} from '../../server/syntax/syntaxQueries';
import { loadParsers } from './parsers';

/**
 * The tree queries every feature asks: what the cursor is inside of (blocks, scopes,
 * definitions, strings and comments), imports, syntax errors and statement boundaries.
 * Cases mark the cursor with ¦ and give what is found as text.
 */
let parsers: Map<string, CodeParser>;
beforeAll(async () => {
  parsers = await loadParsers(['python', 'javascript', 'ruby']);
});

function parse(language: string, text: string): { grammar: LoadedGrammar; tree: Tree } {
  return parsers.get(language)!(text)!;
}

/** The text without its ¦ marker, and the marker's offset. */
function cursor(marked: string): { text: string; offset: number } {
  return { text: marked.replace('¦', ''), offset: marked.indexOf('¦') };
}

const PY = 'class A:\n    def f(self, x):\n        if x:\n            y = 1\n        return x\n\n\nz = 2\n';

describe('queryRange', () => {
  it.each([
    [3, 7, { startIndex: 6, endIndex: 14 }],
    [5, 5, { startIndex: 10, endIndex: 12 }],
    [5, 2, { startIndex: 10, endIndex: 12 }],
    [0, 1, { startIndex: 0, endIndex: 2 }],
  ])('[%i, %i) asks for bytes of UTF-16', (start, end, expected) => {
    expect(queryRange(start, end)).toEqual(expected);
  });
});

describe('syntaxAnchor', () => {
  it.each([
    ['an indented empty line anchors at the code above', 'a = 1\n    ¦', 'a = 1¦\n    '],
    ['an indented empty line between lines', 'a = 1\n    ¦\nb = 2', 'a = 1¦\n    \nb = 2'],
    ['several blank lines above', 'a = 1\n\n  \n  ¦', 'a = 1¦\n\n  \n  '],
    ['a line start stays', 'a = 1\n¦', 'a = 1\n¦'],
    ['code before the cursor stays', 'a = 1\n  b¦', 'a = 1\n  b¦'],
    ['spaces after code on the same line stay', 'a = 1  ¦', 'a = 1  ¦'],
    ['only whitespace in the whole text', '    ¦', '¦    '],
    ['the very start', '¦a', '¦a'],
  ])('%s', (_name, marked, expected) => {
    const { text, offset } = cursor(marked);
    const anchor = syntaxAnchor(text, offset);
    expect(`${text.slice(0, anchor)}¦${text.slice(anchor)}`).toBe(expected);
  });
});

describe('blocks', () => {
  it('blockIdsAround has the root, and the blocks that meet the range', () => {
    const { grammar, tree } = parse('python', PY);
    const blocks = (ids: Set<number>) => [...ids].map((id) => (id === tree.rootNode.id ? 'root' : 'block')).sort();
    expect(blocks(blockIdsAround(grammar, tree, PY.indexOf('z = 2'), PY.length))).toEqual(['root']);
    expect(blockIdsAround(grammar, tree, PY.indexOf('z = 2'), PY.length).has(tree.rootNode.id)).toBe(true);
    expect(blocks(blockIdsAround(grammar, tree, PY.indexOf('y = 1'), PY.indexOf('y = 1') + 1))).toEqual(['block', 'block', 'block', 'root']);
    expect(blocks(blockIdsAround(grammar, tree, PY.indexOf('return'), PY.indexOf('return') + 1))).toEqual(['block', 'block', 'root']);
  });

  it.each([
    ['inside the if', 'y = ¦1', 'y = 1'],
    ['at the start of the if body', '¦y = 1', 'y = 1'],
    ['at the end of the if body', 'y = 1¦', 'y = 1'],
    ['in the function body', 'return ¦x', 'if x:\n            y = 1\n        return x'],
    ['in a header', 'def ¦f', 'def f(self, x):\n        if x:\n            y = 1\n        return x'],
    ['at top level', 'z ¦= 2', PY],
  ])('innermostBlock %s', (_name, marked, expected) => {
    const { grammar, tree } = parse('python', PY);
    const offset = PY.indexOf(marked.replace('¦', '')) + marked.indexOf('¦');
    const n = innermostBlock(grammar, tree, offset);
    expect(PY.slice(n.startIndex, n.endIndex)).toBe(expected);
  });

  it.each([
    ['a block as wide as the file', '{ ¦a; }', '{ a; }'],
    ['a block at the very start', '¦{ a; }', '{ a; }'],
    ['nested blocks', '{ { ¦a; } }', '{ a; }'],
  ])('innermostBlock: %s', (_name, marked, expected) => {
    const { text, offset } = cursor(marked);
    const { grammar, tree } = parse('javascript', text);
    const n = innermostBlock(grammar, tree, offset);
    expect(text.slice(n.startIndex, n.endIndex)).toBe(expected);
  });
});

describe('enclosingScopes', () => {
  /** Each scope as "header|body". */
  const scopes = (language: string, marked: string, grammar?: (g: LoadedGrammar) => LoadedGrammar) => {
    const { text, offset } = cursor(marked);
    const parsed = parse(language, text);
    return enclosingScopes(grammar ? grammar(parsed.grammar) : parsed.grammar, parsed.tree, offset).map(
      (s) => `${text.slice(s.start, s.bodyStart)}|${text.slice(s.bodyStart, s.end)}`,
    );
  };

  it.each([
    ['in a method', 'class A:\n    def f(self):\n        ret¦urn 1\n', ['class A:\n    |def f(self):\n        return 1', 'def f(self):\n        |return 1']],
    ['at the start of a body', 'def f():\n    ¦return 1\n', ['def f():\n    |return 1']],
    ['at the end of a body', 'def f():\n    return 1¦\n', ['def f():\n    |return 1']],
    ['in a header', 'class A:\n    def f(se¦lf):\n        return 1\n', ['class A:\n    |def f(self):\n        return 1']],
    ['after a body', 'def f():\n    return 1\n¦x = 1\n', []],
    ['at the start of the file', '¦def f():\n    return 1\n', []],
  ])('python: %s', (_name, marked, expected) => {
    expect(scopes('python', marked)).toEqual(expected);
  });

  it('ruby: not in the `end` after the body', () => {
    expect(scopes('ruby', 'def f\n  1\ne¦nd\n')).toEqual([]);
    expect(scopes('ruby', 'def f\n  1¦\nend\n')).toEqual(['def f\n  |1\nend']);
  });

  /** A scopes query of our own on the Python grammar, for what no shipped query does. */
  const withScopes = (source: string) => (g: LoadedGrammar) => ({ ...g, queries: { ...g.queries, scopes: new Query(g.language, source) } });

  it('finds the captures by name, skips matches without both, and lists outermost first', () => {
    const marked = 'class A:\n    def f(self):\n        ret¦urn 1\nz = 1\n';
    // The class pattern finishes at `z = 1`, after the method's: its match comes second.
    const late = '(module (class_definition body: (block) @scope.body) @scope (expression_statement))';
    const reversed = '(function_definition name: (identifier) @scope.body body: (block) @scope)';
    expect(scopes('python', marked, withScopes(`(function_definition body: (block) @scope.body) @scope ${late}`))).toEqual([
      'class A:\n    |def f(self):\n        return 1',
      'def f(self):\n        |return 1',
    ]);
    expect(scopes('python', marked, withScopes(`${reversed} (function_definition) @scope (block) @scope.body`))).toEqual([]);
    expect(scopes('python', 'def f¦oo(): pass\n', withScopes(reversed))).toEqual(['|foo(): pass']);
  });

  it('keeps one scope per start, the widest', () => {
    const marked = 'f(¦x) + 1\n';
    const call = '(expression_statement (binary_operator left: (call arguments: (argument_list) @scope.body) @scope))';
    const statement = '(expression_statement (binary_operator left: (call arguments: (argument_list) @scope.body))) @scope';
    expect(scopes('python', marked, withScopes(`${call} ${statement}`))).toEqual(['f|(x) + 1']);
    expect(scopes('python', marked, withScopes(`${statement} ${call}`))).toEqual(['f|(x) + 1']);
  });
});

describe('enclosingScopesBefore', () => {
  /** Counts the scope query's runs, to see when it is not asked at all. */
  const counting = (g: LoadedGrammar) => {
    const runs = { n: 0 };
    const scopes = g.queries.scopes;
    return { runs, grammar: { ...g, queries: { ...g.queries, scopes: { captures: scopes.captures.bind(scopes), matches: (...a: Parameters<typeof scopes.matches>) => (runs.n++, scopes.matches(...a)) } } } as LoadedGrammar };
  };

  it('gives the scopes starting before the limit, without the query where the top-level unit starts after it', () => {
    const { text, offset } = cursor('import os\n\nclass A:\n    def f(self):\n        ret¦urn 1\n\n\ndef g():\n    return 2\n');
    const { grammar, tree } = parse('python', text);
    const { runs, grammar: g } = counting(grammar);
    const classStart = text.indexOf('class A');
    const heads = (before: number) => enclosingScopesBefore(g, tree, offset, before).map((s) => text.slice(s.start, s.bodyStart).trim());
    expect(heads(classStart + 1)).toEqual(['class A:']);
    expect(heads(offset)).toEqual(['class A:', 'def f(self):']);
    expect(runs.n).toBe(2);
    // The class (the top-level unit around the cursor) starts at the limit: nothing can start before it.
    expect(heads(classStart)).toEqual([]);
    // Between two top-level units, and at the very end of one (`return 1` ends the class).
    expect(enclosingScopesBefore(g, tree, text.indexOf('\n\n\ndef g') + 1, text.length)).toEqual([]);
    expect(runs.n).toBe(2);
    expect(enclosingScopesBefore(g, tree, text.indexOf('1\n\n\ndef g') + 1, text.length).map((s) => text.slice(s.start, s.bodyStart).trim())).toEqual(['class A:', 'def f(self):']);
    expect(runs.n).toBe(3);
  });
});

describe('importSpans', () => {
  const JS = "import a from 'a';import b from 'b';\nconst c = require('c');\nlet d = 1;\n";
  const spans = (text: string, start?: number, end?: number, imports?: string) => {
    const { grammar, tree } = parse('javascript', text);
    const g = imports ? { ...grammar, queries: { ...grammar.queries, imports: new Query(grammar.language, imports) } } : grammar;
    return importSpans(g, tree, start, end).map((s) => text.slice(s.start, s.end));
  };

  it('finds every import, also two on one line', () => {
    expect(spans(JS)).toEqual(["import a from 'a';", "import b from 'b';", "const c = require('c');"]);
  });

  it('keeps only the imports that end within the range', () => {
    const end = JS.indexOf('const') + 5;
    expect(spans(JS, 0, end)).toEqual(["import a from 'a';", "import b from 'b';"]);
    expect(spans(JS, 0, JS.indexOf(';') + 1)).toEqual(["import a from 'a';"]);
  });

  it('with a depth, finds only the imports that start at most that far below the root', () => {
    const text = 'import os\ntry:\n    import json\nexcept ImportError:\n    json = None\nclass A:\n    def f(self):\n        import re\n';
    const { grammar, tree } = parse('python', text);
    const found = (depth?: number) => importSpans(grammar, tree, 0, text.length, depth).map((s) => text.slice(s.start, s.end));
    expect(found()).toEqual(['import os', 'import json', 'import re']);
    expect(found(3)).toEqual(['import os', 'import json']);
    expect(found(2)).toEqual(['import os']);
  });

  it('ignores other captures, and keeps the outermost of nested imports', () => {
    expect(spans(JS, undefined, undefined, '(lexical_declaration) @other (import_statement) @import')).toEqual(["import a from 'a';", "import b from 'b';"]);
    expect(spans(JS, undefined, undefined, '(import_statement) @import (program) @import')).toEqual([JS]);
    expect(spans(JS, undefined, undefined, '(import_statement (import_clause) @import) @import')).toEqual(["import a from 'a';", "import b from 'b';"]);
  });
});

describe('definitions', () => {
  const DEFS = 'class A:\n    def f(self):\n        return 1\n\n\ndef g():\n    pass\n';
  const withDefinitions = (g: LoadedGrammar, source: string) => ({ ...g, queries: { ...g.queries, definitions: new Query(g.language, source) } });

  it('lists each named definition with its span', () => {
    const { grammar, tree } = parse('python', DEFS);
    expect(definitions(grammar, tree)).toEqual([
      { name: 'A', start: 0, end: DEFS.indexOf('\n\n\n') },
      { name: 'f', start: DEFS.indexOf('def f'), end: DEFS.indexOf('\n\n\n') },
      { name: 'g', start: DEFS.indexOf('def g'), end: DEFS.length - 1 },
    ]);
  });

  it('finds the captures by name and skips a match without both', () => {
    const { grammar, tree } = parse('python', DEFS);
    const g = withDefinitions(grammar, '(function_definition name: (identifier) @name body: (block) @definition) (class_definition) @definition (class_definition name: (identifier) @name)');
    expect(definitions(g, tree).map((d) => `${d.name}:${DEFS.slice(d.start, d.end)}`)).toEqual(['f:return 1', 'g:pass']);
  });

  it.each([
    ['in a method body', 'return ¦1', 'def f(self):\n        return 1'],
    ['in a method name', 'def f¦(self)', 'def f(self):\n        return 1'],
    ['at the end of a method', 'return 1¦', 'def f(self):\n        return 1'],
    ['at the start of a method: the class', '¦def f', DEFS.slice(0, DEFS.indexOf('\n\n\n'))],
    ['in a class, outside its methods', 'class A¦:', DEFS.slice(0, DEFS.indexOf('\n\n\n'))],
    ['between definitions', '\n¦\ndef g', undefined],
    ['at the start of the file', '¦class', undefined],
    ['at the end of the last function', 'pass¦', 'def g():\n    pass'],
  ])('innermostDefinition %s', (_name, marked, expected) => {
    const { grammar, tree } = parse('python', DEFS);
    const offset = DEFS.indexOf(marked.replace('¦', '')) + marked.indexOf('¦');
    const span = innermostDefinition(grammar, tree, offset);
    expect(span && DEFS.slice(span.start, span.end)).toBe(expected);
  });
});

describe('strings and comments', () => {
  it.each([
    ['python', 'x = "ab¦c"', 'string_content:abc'],
    ['python', 'x = "abc¦"', 'string:"abc"'],
    ['python', 'x = ¦"abc"', undefined],
    ['python', 'x = "abc"¦', undefined],
    ['python', 'x = "abc"¦\n', undefined],
    ['python', 'x = f(¦"abc")', undefined],
    ['python', 'x = "a" ¦"b"', undefined],
    ['python', 'x = "a" "¦b"', 'string:"b"'],
    ['python', 'x = 1  # a comm¦ent\ny = 2', 'comment:# a comment'],
    ['python', 'x = 1  # a comment¦\ny = 2', 'comment:# a comment'],
    ['python', 'x = 1  ¦# a comment\ny = 2', undefined],
    ['python', 'x = 1  # a comment\n¦y = 2', undefined],
    ['python', 'x = ab¦c', undefined],
    ['javascript', 'let x = /* a ¦*/ 1;', 'comment:/* a */'],
    ['javascript', 'let x = /* a */¦ 1;', undefined],
    ['javascript', '// a */ b¦\nlet x = 1;', 'comment:// a */ b'],
    ['javascript', '// a */b¦\nlet x = 1;', 'comment:// a */b'],
    ['javascript', '// a */¦\nlet x = 1;', undefined],
    ['javascript', 'let s = `a ¦b`;', 'string_fragment:a b'],
    ['ruby', 'x = <<~EOS\n  a¦b\nEOS\n', 'heredoc_content:\n  ab\n'],
  ])('%s: %j', (language, marked, expected) => {
    const { text, offset } = cursor(marked);
    const { tree } = parse(language, text);
    const node: Node | undefined = stringOrCommentAt(tree, offset);
    expect(node && `${node.type}:${node.text}`).toBe(expected);
    expect(inStringOrComment(tree, offset)).toBe(expected !== undefined);
  });
});

describe('syntax errors', () => {
  it.each([
    ['javascript', 'let x = 1;\n', 'the code does not parse'],
    ['javascript', 'let x = (1;\nlet y = 2;\n', 'line 1: missing `)`'],
    ['python', 'x = (1 +\n  2 3)\n', 'line 2: unexpected `3`'],
    ['javascript', 'let a = [1 2\n 3 4];\n', 'line 1: unexpected `1 2`'],
    ['javascript', 'let a = (1;\nlet b = 1 2;\n', 'line 1: missing `)`; line 2: unexpected `2`'],
    ['javascript', 'let a = 1 2;\nlet b = 3 4;\nlet c = 5 6;\nlet d = 7 8;\n', 'line 1: unexpected `2`; line 2: unexpected `4`; line 3: unexpected `6`'],
    [
      'javascript',
      `let q = [a ${'b'.repeat(60)} c];\n`,
      `line 1: unexpected \`${'b'.repeat(40)}\``,
    ],
  ])('%s: %j is described as %j', (language, text, expected) => {
    expect(describeSyntaxErrors(parse(language, text).tree, text)).toBe(expected);
  });

  it('describes at most `max` errors', () => {
    const text = 'let a = 1 2;\nlet b = (3;\nlet c = 5 6;\n';
    const { tree } = parse('javascript', text);
    expect(describeSyntaxErrors(tree, text, 1)).toBe('line 1: unexpected `2`');
    expect(describeSyntaxErrors(tree, text, 2)).toBe('line 1: unexpected `2`; line 2: missing `)`');
  });

  it('counts the errors that start within [start, end]', () => {
    const text = 'let a = (1;\nlet b = (2;\n';
    const missing = [text.indexOf(';'), text.lastIndexOf(';')];
    const { tree } = parse('javascript', text);
    expect(countSyntaxErrorsIn(tree, 0, text.length)).toBe(2);
    expect(countSyntaxErrorsIn(tree, missing[0], missing[0])).toBe(1);
    expect(countSyntaxErrorsIn(tree, missing[0] + 1, missing[1])).toBe(1);
    expect(countSyntaxErrorsIn(tree, 0, missing[1] - 1)).toBe(1);
    expect(countSyntaxErrorsIn(tree, missing[0] + 1, missing[1] - 1)).toBe(0);
  });

  it('does not count an error that starts before the range', () => {
    const text = 'let a = [1 2\n 3 4];\n';
    const { tree } = parse('javascript', text);
    expect(countSyntaxErrorsIn(tree, 0, text.length)).toBe(1);
    expect(countSyntaxErrorsIn(tree, text.indexOf('2'), text.length)).toBe(0);
    expect(countSyntaxErrorsIn(tree, 0, text.indexOf('1'))).toBe(1);
    expect(countSyntaxErrorsIn(tree, 0, text.indexOf('1') - 1)).toBe(0);
  });
});

describe('statement boundaries', () => {
  const at = (marked: string) => PY.indexOf(marked.replace('¦', '')) + marked.indexOf('¦');

  it.each([
    ['¦class', true],
    ['¦def f', true],
    ['¦if x', true],
    ['¦y = 1', true],
    ['¦return x', true],
    ['¦z = 2', true],
    ['y = ¦1', false],
    ['def ¦f', false],
    ['(¦self', false],
    ['  ¦  return', false],
  ])('a statement starts at %j: %s', (marked, expected) => {
    const { grammar, tree } = parse('python', PY);
    expect(statementStartsAt(tree, blockIdsAround(grammar, tree, 0, PY.length), at(marked))).toBe(expected);
  });

  it.each([
    ['y = 1¦', true],
    ['return x¦', true],
    ['z = 2¦', true],
    ['class A:\n    def f(self, x):\n        if x:\n            y = 1\n        return x¦', true],
    ['y¦ = 1', false],
    ['(self¦', false],
    ['return x\n¦', false],
    ['¦class', false],
  ])('a statement ends at %j: %s', (marked, expected) => {
    const { grammar, tree } = parse('python', PY);
    expect(statementEndsAt(tree, blockIdsAround(grammar, tree, 0, PY.length), at(marked))).toBe(expected);
  });

  it('counts only the blocks it is given, and the root', () => {
    const { tree } = parse('python', PY);
    const rootOnly = new Set([tree.rootNode.id]);
    expect(statementStartsAt(tree, rootOnly, at('¦y = 1'))).toBe(false);
    expect(statementEndsAt(tree, rootOnly, at('y = 1¦'))).toBe(false);
    expect(statementStartsAt(tree, rootOnly, at('¦class'))).toBe(true);
    expect(statementEndsAt(tree, rootOnly, at('z = 2¦'))).toBe(true);
  });

  it('in an empty document the root starts at 0, and nothing ends there', () => {
    const { tree } = parse('python', '');
    const rootOnly = new Set([tree.rootNode.id]);
    expect(statementStartsAt(tree, rootOnly, 0)).toBe(true);
    expect(statementEndsAt(tree, rootOnly, 0)).toBe(false);
  });
});

describe('blockTest', () => {
  const FIXTURES = require('node:path').resolve(__dirname, '../fixtures/stubs');
  const fs = require('node:fs') as typeof import('node:fs');
  const languages = fs.readdirSync(FIXTURES) as string[];

  it('finds the statement boundaries the window of @block captures finds, at every line of a sample per language', async () => {
    const all = await loadParsers(languages);
    let checked = 0;
    for (const id of languages) {
      for (const file of fs.readdirSync(require('node:path').join(FIXTURES, id)) as string[]) {
        const text = fs.readFileSync(require('node:path').join(FIXTURES, id, file), 'utf8');
        const parsed = all.get(id)!(text)!;
        const test = blockTest(parsed.grammar, parsed.tree);
        const ids = blockIdsAround(parsed.grammar, parsed.tree, 0, text.length);
        for (let i = 0; i <= text.length; i = text.indexOf('\n', i) + 1 || text.length + 1) {
          const first = i + /^[ \t]*/.exec(text.slice(i))![0].length;
          expect([id, file, first, statementStartsAt(parsed.tree, test, first)]).toEqual([id, file, first, statementStartsAt(parsed.tree, ids, first)]);
          const lineEnd = text.indexOf('\n', i) < 0 ? text.length : text.indexOf('\n', i);
          const end = i + text.slice(i, lineEnd).replace(/\s+$/, '').length;
          expect([id, file, end, statementEndsAt(parsed.tree, test, end)]).toEqual([id, file, end, statementEndsAt(parsed.tree, ids, end)]);
          checked++;
        }
        parsed.tree.delete();
      }
    }
    expect(checked).toBeGreaterThan(500);
  });

  it('finds a block one level below a pattern root (a type alias of an object type)', async () => {
    const ts = (await loadParsers(['typescript'])).get('typescript')!;
    const text = 'type Point = {\n  x: number;\n  y: number;\n};\nconst p = 1;\n';
    const parsed = ts(text)!;
    const test = blockTest(parsed.grammar, parsed.tree);
    const member = text.indexOf('y: number');
    expect(statementStartsAt(parsed.tree, test, member)).toBe(true);
    expect(statementStartsAt(parsed.tree, blockIdsAround(parsed.grammar, parsed.tree, 0, text.length), member)).toBe(true);
    parsed.tree.delete();
  });
});
