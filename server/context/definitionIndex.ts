import type { DocumentTrees } from '../syntax/documentTrees';
import { definitions, type Span } from '../syntax/syntaxQueries';

export type NamedSpan = Span & { name: string };

/**
 * The named definitions of each open document, found once per document version: other
 * files' definitions are looked up on every completion, and a query over a large file
 * on each would cost more than the completion itself.
 */
export class DefinitionIndex {
  private entries = new Map<string, { version: number; definitions: Promise<NamedSpan[]> }>();

  constructor(private readonly trees: DocumentTrees) {}

  /** The definitions of `uri` at `version` (of `text`); empty without a grammar. */
  of(uri: string, text: string, version: number): Promise<NamedSpan[]> {
    const known = this.entries.get(uri);
    if (known && known.version === version) return known.definitions;
    const found = this.trees.snapshot(uri, text, version).then((syntax) => {
      if (!syntax) return [];
      try {
        return definitions(syntax.grammar, syntax.tree);
      } finally {
        syntax.dispose();
      }
    });
    this.entries.set(uri, { version, definitions: found });
    return found;
  }

  forget(uri: string): void {
    this.entries.delete(uri);
  }
}
