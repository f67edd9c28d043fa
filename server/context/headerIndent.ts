import { indentWidth, openerIndentAbove } from '../postprocess/blockEnd';
import type { SyntaxSnapshot } from '../syntax/documentTrees';
import { innermostDefinition, syntaxAnchor } from '../syntax/syntaxQueries';

/**
 * The indentation of the header the cursor's code belongs to: the definition around the
 * cursor, else the nearest less-indented line above that opens a block (the tree has no
 * definition while its body is still empty).
 */
export function headerIndentFor(text: string, offset: number, syntax: SyntaxSnapshot | undefined): number | undefined {
  const definition = syntax && innermostDefinition(syntax.grammar, syntax.tree, syntaxAnchor(text, offset));
  if (definition) return indentWidth(text.slice(text.lastIndexOf('\n', definition.start - 1) + 1, definition.start));
  return openerIndentAbove(text, offset);
}
