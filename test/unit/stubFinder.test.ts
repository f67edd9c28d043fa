import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Parser, type Tree } from 'web-tree-sitter';
import { GrammarRegistry, type LoadedGrammar } from '../../server/syntax/grammarRegistry';
import { findStubs, type Stub } from '../../server/syntax/stubFinder';

/**
 * findStubs with each language's grammars/queries/<id>/stubs.scm, on a sample per language
 * under test/fixtures/stubs/<id>/: every stub form of the language (with docstrings and
 * comments around it), an empty body where the language allows one, a TODO-comment-only
 * body, and real functions that only mention the stub forms (a stub statement inside an
 * `if` or next to other code, a loop with a no-op plus other code, a TODO comment beside
 * real code, "not implemented" in a log call) which must not be found.
 */
const FIXTURES = path.resolve(__dirname, '../fixtures/stubs');

interface Expected {
  /** The sample under test/fixtures/stubs/<id>/. */
  file: string;
  /** [name, kind] of every stub, in document order. */
  stubs: Array<[string, Stub['kind']]>;
  /** One stub's exact replaced text (its first occurrence by name). */
  replace: { name: string; text: string };
  /** That stub's context (comments and docstrings kept in the body), when it has any. */
  context?: string[];
}

const EXPECTED: Record<string, Expected> = {
  python: {
    file: 'sample.py',
    stubs: [
      ['parse_header', 'statement'],
      ['checksum', 'statement'],
      ['merge', 'statement'],
      ['split', 'statement'],
      // A docstring alone: nothing to replace but the (empty) rest of the body.
      ['describe', 'empty'],
      ['normalize', 'todo'],
      ['area', 'statement'],
      ['scale', 'statement'],
      ['inner', 'statement'],
    ],
    replace: { name: 'split', text: '# TODO: keep words whole\n    raise NotImplementedError("split")' },
    context: ['"""Wraps text at width."""'],
  },
  typescript: {
    file: 'sample.ts',
    stubs: [
      ['parseHeader', 'statement'],
      ['checksum', 'statement'],
      ['tokens', 'statement'],
      ['dispose', 'empty'],
      ['normalize', 'todo'],
      ['merge', 'statement'],
      ['area', 'statement'],
      ['scale', 'todo'],
      ['open', 'statement'],
      ['close', 'empty'],
    ],
    replace: { name: 'checksum', text: '// TODO: use a lookup table\n  throw new Error(`Not implemented: checksum of ${data.length} bytes`);' },
  },
  tsx: {
    file: 'sample.tsx',
    stubs: [
      ['Button', 'statement'],
      ['Badge', 'statement'],
      ['useToggle', 'statement'],
      ['Placeholder', 'empty'],
      ['Spinner', 'todo'],
      ['render', 'statement'],
      ['handleClose', 'statement'],
    ],
    replace: { name: 'Badge', text: '// TODO: hide when count is 0\n  throw new Error(`TODO: badge for ${count}`);' },
  },
  javascript: {
    file: 'sample.js',
    stubs: [
      ['parseHeader', 'statement'],
      ['checksum', 'statement'],
      ['tokens', 'statement'],
      ['dispose', 'empty'],
      ['normalize', 'todo'],
      ['merge', 'statement'],
      ['area', 'statement'],
      ['scale', 'todo'],
      ['open', 'statement'],
    ],
    replace: { name: 'merge', text: 'throw new RangeError("Not implemented yet");' },
  },
  rust: {
    file: 'sample.rs',
    stubs: [
      ['new', 'statement'],
      ['get', 'statement'],
      ['insert', 'statement'],
      ['remove', 'statement'],
      ['clear', 'statement'],
      ['len', 'statement'],
      ['flush', 'empty'],
      ['compact', 'todo'],
      ['load', 'statement'],
      ['later', 'statement'],
      ['serve', 'statement'],
    ],
    replace: { name: 'load', text: '// TODO: read the file\n        todo!()' },
  },
  go: {
    file: 'sample.go',
    stubs: [
      ['New', 'statement'],
      ['Get', 'statement'],
      ['Put', 'statement'],
      ['Delete', 'statement'],
      ['Len', 'statement'],
      ['Keys', 'statement'],
      ['Clear', 'statement'],
      ['Flush', 'empty'],
      ['Compact', 'todo'],
      ['hook', 'statement'],
      ['later', 'todo'],
    ],
    // Comments before the first statement are outside Go's statement_list: they stay.
    replace: { name: 'Len', text: 'panic(fmt.Errorf("TODO: count %d entries", len(c.m)))' },
  },
  java: {
    file: 'Sample.java',
    stubs: [
      ['Sample', 'statement'],
      ['parseHeader', 'statement'],
      ['checksum', 'statement'],
      ['split', 'statement'],
      ['merge', 'statement'],
      ['close', 'empty'],
      ['normalize', 'todo'],
      ['trim', 'statement'],
      ['Point', 'statement'],
    ],
    replace: { name: 'merge', text: 'throw new IllegalStateException("TODO: merge");' },
    context: ['/* Merges other into this sample. */'],
  },
  csharp: {
    file: 'Sample.cs',
    stubs: [
      ['Sample', 'statement'],
      ['ParseHeader', 'statement'],
      ['Checksum', 'statement'],
      ['Split', 'statement'],
      ['Merge', 'statement'],
      ['Count', 'statement'],
      // One accessor with a body; `Title` has two and is left out.
      ['Name', 'statement'],
      ['Close', 'empty'],
      ['Normalize', 'todo'],
      ['Helper', 'statement'],
      ['square', 'todo'],
    ],
    // An expression body: the throw expression, without the `=>` and the `;`.
    replace: { name: 'ParseHeader', text: 'throw new NotImplementedException()' },
  },
  c: {
    file: 'sample.c',
    stubs: [
      ['parse_header', 'statement'],
      ['buffer_new', 'statement'],
      ['split', 'statement'],
      ['buffer_free', 'empty'],
      ['checksum', 'todo'],
    ],
    replace: { name: 'buffer_new', text: '// TODO: round len up to a page\n    assert(0 && "TODO: allocate");' },
  },
  cpp: {
    file: 'sample.cpp',
    stubs: [
      // `Shape(double scale) : scale_(scale) {}` has an initializer list: not a stub.
      ['Shape', 'empty'],
      ['area', 'statement'],
      ['Shape::perimeter', 'statement'],
      ['Shape::scaled', 'statement'],
      ['split', 'statement'],
      ['parse', 'statement'],
      ['release', 'empty'],
      ['clamp', 'todo'],
      ['square', 'statement'],
    ],
    replace: { name: 'Shape::perimeter', text: '// TODO: sum the sides\n    throw std::runtime_error("TODO: perimeter");' },
  },
  ruby: {
    file: 'sample.rb',
    // `close` (empty) and `normalize` (comments only) have no body_statement: not found.
    stubs: [
      ['area', 'statement'],
      ['perimeter', 'statement'],
      ['scale', 'statement'],
      ['parse', 'statement'],
      ['rotate', 'statement'],
      ['to_svg', 'statement'],
    ],
    replace: { name: 'parse', text: 'raise(NotImplementedError)\n    # TODO: accept JSON too' },
  },
  php: {
    file: 'sample.php',
    stubs: [
      ['__construct', 'statement'],
      ['area', 'statement'],
      ['perimeter', 'statement'],
      ['scale', 'statement'],
      ['parse', 'statement'],
      ['close', 'empty'],
      ['normalize', 'todo'],
      ['split', 'statement'],
      ['square', 'statement'],
    ],
    replace: { name: 'perimeter', text: "// TODO: sum the sides\n        throw new \\LogicException('not implemented');" },
  },
  bash: {
    file: 'sample.sh',
    stubs: [
      ['usage', 'statement'],
      ['parse_args', 'statement'],
      ['cleanup', 'statement'],
      ['deploy', 'todo'],
    ],
    replace: { name: 'parse_args', text: '# TODO: accept --verbose\n  :' },
  },
  lua: {
    file: 'sample.lua',
    // `M.close` (empty) and `M.flush` (comments only) have no block: not found.
    stubs: [
      ['parse_header', 'statement'],
      ['checksum', 'statement'],
      ['split', 'statement'],
      ['merge', 'statement'],
      ['normalize', 'statement'],
      ['open', 'statement'],
    ],
    replace: { name: 'split', text: 'error "Not implemented yet"' },
  },
};

const registry = new GrammarRegistry();

describe('findStubs', () => {
  it('has a sample for every language of the manifest', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(registry.entries.map((e) => e.id).sort());
  });

  for (const entry of registry.entries) {
    const expected = EXPECTED[entry.id];
    if (!expected) continue;

    describe(entry.id, () => {
      let grammar: LoadedGrammar;
      let text: string;
      let tree: Tree;

      beforeAll(async () => {
        const loaded = await registry.load(entry);
        if (!loaded) throw new Error(`the ${entry.id} grammar or its queries did not load`);
        grammar = loaded;
        text = fs.readFileSync(path.join(FIXTURES, entry.id, expected.file), 'utf8');
        const parser = new Parser();
        parser.setLanguage(grammar.language);
        const parsed = parser.parse(text);
        if (!parsed) throw new Error('no tree');
        tree = parsed;
      });

      it('the sample parses without errors', () => {
        expect(tree.rootNode.hasError).toBe(false);
      });

      it('finds exactly the stubs, in order', () => {
        const stubs = findStubs(grammar, tree);
        expect(stubs.map((s) => [s.name, s.kind])).toEqual(expected.stubs);
      });

      it('replaces exactly the stub statements and TODO comments', () => {
        const stub = findStubs(grammar, tree).find((s) => s.name === expected.replace.name);
        expect(stub).toBeDefined();
        expect(text.slice(stub!.replace.start, stub!.replace.end)).toBe(expected.replace.text);
        if (expected.context) expect(stub!.context).toEqual(expected.context);
      });

      it('spans are consistent: replace inside body inside definition, name inside definition', () => {
        for (const s of findStubs(grammar, tree)) {
          expect(s.definition.start).toBeLessThanOrEqual(s.body.start);
          expect(s.body.end).toBeLessThanOrEqual(s.definition.end);
          expect(s.body.start).toBeLessThanOrEqual(s.replace.start);
          expect(s.replace.start).toBeLessThanOrEqual(s.replace.end);
          expect(s.replace.end).toBeLessThanOrEqual(s.body.end);
          expect(s.definition.start).toBeLessThanOrEqual(s.replace.start);
          expect(text.slice(s.definition.start, s.definition.end)).toContain(s.name);
        }
      });

      it('finds each stub from a range on its first line alone', () => {
        for (const s of findStubs(grammar, tree)) {
          const lineEnd = text.indexOf('\n', s.definition.start);
          const found = findStubs(grammar, tree, { start: s.definition.start, end: lineEnd < 0 ? text.length : lineEnd });
          expect(found.find((f) => f.definition.start === s.definition.start && f.name === s.name)).toEqual(s);
        }
      });
    });
  }
});

describe('findStubs on small functions', () => {
  const grammars: Record<string, LoadedGrammar> = {};
  beforeAll(async () => {
    for (const id of ['python', 'typescript']) grammars[id] = (await registry.load(registry.entries.find((e) => e.id === id)!))!;
  });

  /** [name, kind, replaced text] of each stub in `code`, optionally among the definitions on its first line. */
  function stubsIn(id: string, code: string, firstLineOnly = false): Array<[string, Stub['kind'], string]> {
    const parser = new Parser();
    parser.setLanguage(grammars[id].language);
    const tree = parser.parse(code)!;
    try {
      const range = firstLineOnly ? { start: 0, end: code.indexOf('\n') } : undefined;
      return findStubs(grammars[id], tree, range).map((s) => [s.name, s.kind, code.slice(s.replace.start, s.replace.end)]);
    } finally {
      tree.delete();
      parser.delete();
    }
  }

  it.each<[string, string, string, Array<[string, Stub['kind'], string]>]>([
    ['a string statement after the stub is code', 'python', 'def f():\n    pass\n    "note"\n', []],
    ['a first statement that returns a string is code', 'python', 'def f():\n    return "x"\n', []],
    ['a first statement of a string and more is code', 'python', 'def f():\n    "doc", 1\n', []],
    ['an assignment is code', 'python', 'def f():\n    x = 1\n', []],
    ['a docstring alone leaves an empty body', 'python', 'def f():\n    """Doc."""\n', [['f', 'empty', '']]],
    ['a comment after the stub statement stays', 'python', 'def f():\n    pass\n    # note\n', [['f', 'statement', 'pass']]],
    ['TODO comments next to the stub go with it', 'python', 'def f():\n    """Doc."""\n    # TODO: a\n    pass\n    # TODO: b\n', [['f', 'statement', '# TODO: a\n    pass\n    # TODO: b']]],
    ['an empty body is replaced after its last comment', 'typescript', 'function f() {\n  // note\n}\n', [['f', 'empty', '\n']]],
    ['an empty body without comments is replaced inside its braces', 'typescript', 'function f() {}\n', [['f', 'empty', '']]],
    // The method in the default value is matched before the function that holds it.
    ['in document order, a stub in a parameter’s default value after its function', 'typescript', 'function f(o = { g() { throw new Error("TODO"); } }) {\n  throw new Error("TODO");\n}\nfunction h() {}\n', [['f', 'statement', 'throw new Error("TODO");'], ['g', 'statement', 'throw new Error("TODO");'], ['h', 'empty', '']]],
  ])('%s', (_name, id, code, expected) => {
    expect(stubsIn(id, code)).toEqual(expected);
  });

  it('does not take a nested function for a stub statement when the range holds only the signature', () => {
    expect(stubsIn('python', 'def outer():\n    def inner():\n        pass\n', true)).toEqual([]);
    expect(stubsIn('python', 'def outer():\n    pass\n    # TODO: later\n', true)).toEqual([['outer', 'statement', 'pass\n    # TODO: later']]);
  });
});
