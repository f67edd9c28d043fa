import type { SyntaxSnapshot } from './documentTrees';
import { countSyntaxErrors, innermostDefinition } from './syntaxQueries';
import { treeEditFor } from './textEdit';
import type { Point } from 'web-tree-sitter';

/** What a suggestion does to the document's syntax, judged by re-parsing it in place. */
export interface SpliceCheck {
  baselineErrors: number;
  splice(insertion: string): { errors: number; definitionEnd?: number };
}

/**
 * Re-parses the snapshot's document with an insertion at `offset` (`point` is its row and
 * UTF-16 column), incrementally from the snapshot's tree. Results are memoised per insertion.
 */
export function spliceCheck(syntax: SyntaxSnapshot, offset: number, point: Point): SpliceCheck {
  const { text } = syntax;
  const memo = new Map<string, { errors: number; definitionEnd?: number }>();
  return {
    baselineErrors: countSyntaxErrors(syntax.tree),
    splice(insertion) {
      const known = memo.get(insertion);
      if (known) return known;
      const spliced = text.slice(0, offset) + insertion + text.slice(offset);
      const tree = syntax.reparse(treeEditFor(offset, offset, point, point, insertion), spliced);
      let result: { errors: number; definitionEnd?: number } = { errors: Number.MAX_SAFE_INTEGER };
      if (tree) {
        try {
          result = { errors: countSyntaxErrors(tree), definitionEnd: innermostDefinition(syntax.grammar, tree, offset)?.end };
        } finally {
          tree.delete();
        }
      }
      memo.set(insertion, result);
      return result;
    },
  };
}
