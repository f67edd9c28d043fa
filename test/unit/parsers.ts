import { Parser } from 'web-tree-sitter';
import type { CodeParser } from '../../server/postprocess/reduceToBody';
import { GrammarRegistry } from '../../server/syntax/grammarRegistry';

/** A CodeParser per language id, for unit tests that parse answers the way the server does. */
export async function loadParsers(ids: readonly string[]): Promise<Map<string, CodeParser>> {
  const registry = new GrammarRegistry();
  const parsers = new Map<string, CodeParser>();
  for (const id of ids) {
    const grammar = (await registry.load(registry.entries.find((e) => e.id === id)!))!;
    const parser = new Parser();
    parser.setLanguage(grammar.language);
    parsers.set(id, (code) => {
      const tree = parser.parse(code);
      return tree ? { grammar, tree } : undefined;
    });
  }
  return parsers;
}
