import { beforeAll, describe, expect, it } from 'vitest';
import { Parser } from 'web-tree-sitter';
import { DocumentTrees } from '../../server/syntax/documentTrees';
import { GrammarRegistry, type LoadedGrammar } from '../../server/syntax/grammarRegistry';
import { parseInput } from '../../server/syntax/parseInput';

const registry = new GrammarRegistry();
let rust: LoadedGrammar;
beforeAll(async () => {
  rust = (await registry.load(registry.entries.find((e) => e.id === 'rust')!))!;
});

/** A Rust file whose `'𝚥'` has its high surrogate at `at` (web-tree-sitter's chunks end after unit 5118). */
function charLiteralAt(at: number): string {
  const head = "const A: char = '";
  return `// ${'x'.repeat(at - head.length - 4)}\n${head}𝚥';\n`;
}

describe('parseInput', () => {
  it('hands the parser chunks that end before a surrogate pair rather than between its halves, and together make the text', () => {
    const text = charLiteralAt(5118);
    const read = parseInput(text);
    expect(read(0)).toBe(text.slice(0, 5118));
    expect(read(5118)).toBe(text.slice(5118));
    expect(parseInput('x'.repeat(20_000))(10)).toBe('x'.repeat(5119));
    expect(read(text.length)).toBe('');
  });

  it('cuts before any high surrogate (U+D800 to U+DBFF) that would end a chunk, never before a low one or at the text\'s end', () => {
    const chunkEndingWith = (unit: string, after = 'x') => parseInput(`${'x'.repeat(5118)}${unit}${after}`)(0);
    expect(chunkEndingWith('\ud800').length).toBe(5118);
    expect(chunkEndingWith('\udbff').length).toBe(5118);
    expect(chunkEndingWith('\udc00').length).toBe(5119);
    expect(chunkEndingWith('\ud7ff').length).toBe(5119);
    // A lone high surrogate that ends the text: nothing comes after it to keep it with.
    expect(chunkEndingWith('\ud800', '')).toBe(`${'x'.repeat(5118)}\ud800`);
  });

  it('parses a character that straddles a chunk boundary as the character it is', async () => {
    const text = charLiteralAt(5118);
    const parser = new Parser();
    parser.setLanguage(rust.language);
    try {
      // The text itself, as web-tree-sitter reads it: the boundary splits the pair.
      const asString = parser.parse(text)!;
      expect(asString.rootNode.hasError).toBe(true);
      asString.delete();
    } finally {
      parser.delete();
    }
    // The server's own parse of it: none.
    const trees = new DocumentTrees(registry);
    trees.open('file:///chars.rs', 'rust', text, 1);
    const snapshot = (await trees.snapshot('file:///chars.rs', text, 1))!;
    expect(snapshot.tree.rootNode.hasError).toBe(false);
    expect(snapshot.tree.rootNode.descendantForIndex(5118)!.type).toBe('char_literal');
    snapshot.dispose();
    trees.close('file:///chars.rs');
  });
});
