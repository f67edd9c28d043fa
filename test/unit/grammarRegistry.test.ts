import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Parser, Query, type QueryCapture, type QueryMatch } from 'web-tree-sitter';
import { findGrammarsDir, GrammarRegistry, readQueryText, type GrammarEntry } from '../../server/syntax/grammarRegistry';

/** Where the grammars are found, how query files inherit, which grammar a document gets, and loading. */
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'grammar-registry-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(tmp, file)), { recursive: true });
  fs.writeFileSync(path.join(tmp, file), text);
}

describe('findGrammarsDir', () => {
  it('finds the grammars folder of the source tree by default', () => {
    expect(findGrammarsDir()).toBe(path.resolve(__dirname, '../../grammars'));
  });

  it('walks up from a nested folder to the first grammars/manifest.json', () => {
    write('walk/grammars/manifest.json', '{"languages":[]}');
    write('walk/a/grammars/other.json', '{}');
    fs.mkdirSync(path.join(tmp, 'walk/a/b/c'), { recursive: true });
    expect(findGrammarsDir(path.join(tmp, 'walk/a/b/c'))).toBe(path.join(tmp, 'walk/grammars'));
    expect(findGrammarsDir(path.join(tmp, 'walk'))).toBe(path.join(tmp, 'walk/grammars'));
  });

  it('names the folder it started from when there is none up to the root', () => {
    const from = path.join(tmp, 'none/x');
    fs.mkdirSync(from, { recursive: true });
    expect(() => findGrammarsDir(from)).toThrow(new Error(`grammars/manifest.json not found above ${from}`));
  });
});

describe('readQueryText', () => {
  const dir = path.join(tmp, 'q');
  const put = (lang: string, text: string): void => write(`q/queries/${lang}/blocks.scm`, text);
  put('base', '(base) @block');
  put('other-lang', '(other) @block');
  put('plain', '(plain) @block\n; inherits: base\n');
  put('one', ';inherits:base\n(one) @block');
  put('spaced', ';  inherits:  base  ,  other-lang\n(spaced) @block');
  put('tight', '; inherits: base,other-lang\n(tight) @block');
  put('chain', '; inherits: one\n(chain) @block');
  put('self', '; inherits: nowhere, self\n(self) @block');
  put('ping', '; inherits: pong\n');
  put('pong', '; inherits: ping\n');

  it.each([
    ['a file without the header is read as it is (the header counts only on the first line)', 'plain', '(plain) @block\n; inherits: base\n'],
    ['one parent, no spaces', 'one', '(base) @block\n;inherits:base\n(one) @block'],
    ['two parents, spaces around everything', 'spaced', '(base) @block\n(other) @block\n;  inherits:  base  ,  other-lang\n(spaced) @block'],
    ['two parents, no spaces', 'tight', '(base) @block\n(other) @block\n; inherits: base,other-lang\n(tight) @block'],
    ['a parent that inherits itself', 'chain', '(base) @block\n;inherits:base\n(one) @block\n; inherits: one\n(chain) @block'],
  ])('%s', (_name, lang, expected) => {
    expect(readQueryText(dir, lang, 'blocks')).toBe(expected);
  });

  it.each([
    ['inheriting itself', 'self', 'queries/self/blocks.scm inherits in a circle'],
    ['inheriting through another', 'ping', 'queries/pong/blocks.scm inherits in a circle'],
  ])('refuses %s', (_name, lang, message) => {
    expect(() => readQueryText(dir, lang, 'blocks')).toThrow(new Error(message));
  });

  it('reads TSX on top of TypeScript', () => {
    const grammars = findGrammarsDir();
    const ts = fs.readFileSync(path.join(grammars, 'queries/typescript/blocks.scm'), 'utf8');
    const tsx = fs.readFileSync(path.join(grammars, 'queries/tsx/blocks.scm'), 'utf8');
    expect(readQueryText(grammars, 'tsx', 'blocks')).toBe(`${ts}\n${tsx}`);
  });
});

describe('GrammarRegistry', () => {
  const dir = path.join(tmp, 'g');
  const foo: GrammarEntry = { id: 'foo', languageIds: ['bar'], extensions: ['.foo'], package: 'p', version: '1', wasm: 'missing.wasm', lineComment: '#' };
  const py: GrammarEntry = { id: 'py', languageIds: ['python'], extensions: ['.py'], package: 'p', version: '1', wasm: 'python.wasm', lineComment: '#' };
  write('g/manifest.json', JSON.stringify({ languages: [foo, py] }));
  fs.mkdirSync(path.join(dir, 'wasm'), { recursive: true });
  fs.copyFileSync(path.join(findGrammarsDir(), 'wasm/tree-sitter-python.wasm'), path.join(dir, 'wasm/python.wasm'));

  it.each([
    ['by a language id', 'bar', 'file:///x.txt', 'foo'],
    ['by the grammar id, in any case', 'FOO', 'file:///x.txt', 'foo'],
    ['by extension when the language id is unknown', 'plaintext', 'file:///dir/x.FOO', 'foo'],
    ['by extension, ignoring a query', 'plaintext', 'file:///x.py?version=2', 'py'],
    ['by extension, ignoring a fragment', 'plaintext', 'file:///x.py#L3', 'py'],
    ['by extension, ignoring a one-letter query', 'plaintext', 'file:///x.py?v', 'py'],
    ['not by a query', 'plaintext', 'file:///x?a.py', undefined],
    ['not without an extension', 'plaintext', 'file:///Makefile', undefined],
  ])('finds the grammar %s', (_name, languageId, uri, id) => {
    const registry = new GrammarRegistry(dir);
    expect(registry.entryFor(languageId, uri)?.id).toBe(id);
  });

  it('loads once, and says once why a grammar cannot load', async () => {
    const errors: string[] = [];
    const registry = new GrammarRegistry(dir, (m) => errors.push(m));
    const first = registry.load(foo);
    expect(registry.load(foo)).toBe(first);
    expect(await first).toBeUndefined();
    expect(await registry.load(foo)).toBeUndefined();
    expect(errors).toHaveLength(1);
    expect(errors[0].startsWith(`cannot load the foo grammar (${path.join(dir, 'wasm', 'missing.wasm')}); using plain-text context: `)).toBe(true);
    expect(registry.loadedGrammar(foo)).toBeUndefined();
  });

  it('says which query file is missing', async () => {
    const errors: string[] = [];
    const registry = new GrammarRegistry(dir, (m) => errors.push(m));
    expect(await registry.load(py)).toBeUndefined();
    const file = path.join(dir, 'queries', 'py', 'blocks.scm');
    expect(errors).toEqual([
      `cannot load the py grammar (${path.join(dir, 'wasm', 'python.wasm')}); using plain-text context: ENOENT: no such file or directory, open '${file}'`,
    ]);
  });

  it('loads a grammar with its queries and keeps it', async () => {
    const registry = new GrammarRegistry();
    const entry = registry.entryFor('python', 'file:///a.py')!;
    expect(registry.loadedGrammar(entry)).toBeUndefined();
    const grammar = (await registry.load(entry))!;
    expect(registry.loadedGrammar(entry)).toBe(grammar);
    expect(grammar.entry).toBe(entry);
    expect(Object.keys(grammar.queries).sort()).toEqual(['blocks', 'definitions', 'imports', 'scopes', 'stubs']);
  });

  // imports.scm and blocks.scm are compiled as one query; each must still answer alone.
  const samples = path.resolve(__dirname, '../fixtures/grammars');
  const registry = new GrammarRegistry();
  const entries = (JSON.parse(fs.readFileSync(path.join(findGrammarsDir(), 'manifest.json'), 'utf8')) as { languages: GrammarEntry[] }).languages;
  it.each(entries.map((e) => [e.id, e]))('gives the %s query files compiled together exactly their own captures and matches', async (_id, entry) => {
    const grammar = (await registry.load(entry))!;
    const parser = new Parser();
    parser.setLanguage(grammar.language);
    const [file] = fs.readdirSync(path.join(samples, entry.id));
    const tree = parser.parse(fs.readFileSync(path.join(samples, entry.id, file), 'utf8'))!;
    const root = tree.rootNode;
    const captures = (cs: QueryCapture[]) => cs.map((c) => `${c.name} ${c.node.startIndex}-${c.node.endIndex}`);
    const matches = (ms: QueryMatch[]) => ms.map((m) => captures(m.captures).join(', '));
    for (const name of ['imports', 'blocks', 'scopes'] as const) {
      const alone = new Query(grammar.language, readQueryText(findGrammarsDir(), entry.id, name));
      const own = captures(alone.captures(root));
      expect(own.length, `${entry.id}/${name}`).toBeGreaterThan(0);
      expect(captures(grammar.queries[name].captures(root)), `${entry.id}/${name}`).toEqual(own);
      expect(matches(grammar.queries[name].matches(root)), `${entry.id}/${name}`).toEqual(matches(alone.matches(root)));
      alone.delete();
    }
    tree.delete();
    parser.delete();
  });
});
