import type { Node, Tree } from 'web-tree-sitter';
import type { LoadedGrammar } from './grammarRegistry';
import { queryRange } from './syntaxQueries';

/**
 * Where the unit the cursor is writing ends, when an insertion runs past it: judged on the
 * tree of the document with the insertion spliced in, never by indentation.
 *
 * The unit is the innermost definition that contains the cursor. Code in the insertion after
 * that definition's end is past it when nothing else contains the cursor (a new top-level
 * item), or when that code is itself a new definition (a sibling method); otherwise it is
 * the enclosing function going on after a nested definition or closure (a Python `return
 * inner`, a `})` followed by a method chain), and the enclosing definition is the unit.
 * Returns the offset (in the spliced text) where the insertion is to be cut, or undefined.
 */
export function unitEnd(grammar: LoadedGrammar, tree: Tree, cursor: number, insertionEnd: number, text: string): number | undefined {
  const definitions = definitionsAround(grammar, tree, cursor);
  for (let k = 0; k < definitions.length; k++) {
    const unit = definitions[k];
    if (unit.endIndex >= insertionEnd) return undefined; // the text after the insertion closes it
    const next = firstCodeAfter(text, unit.endIndex, insertionEnd);
    if (next === undefined) return undefined;
    if (k + 1 === definitions.length || isDefinitionAt(grammar, tree, next)) return unit.endIndex;
  }
  return undefined;
}

/** Definitions whose span contains `cursor` past their first character, innermost first. */
function definitionsAround(grammar: LoadedGrammar, tree: Tree, cursor: number): Node[] {
  const found = new Map<number, Node>();
  for (const c of grammar.queries.definitions.captures(tree.rootNode, queryRange(Math.max(0, cursor - 1), cursor + 1))) {
    const n = c.node;
    if (c.name === 'definition' && n.startIndex < cursor && cursor <= n.endIndex) found.set(n.id, n);
  }
  return [...found.values()].sort((a, b) => a.endIndex - a.startIndex - (b.endIndex - b.startIndex));
}

/** The first non-blank character in [from, to), if any. */
function firstCodeAfter(text: string, from: number, to: number): number | undefined {
  for (let i = from; i < to; i++) if (!/\s/.test(text[i])) return i;
  return undefined;
}

/**
 * Whether the code at `index` starts a definition: the largest node starting there ends
 * where a definition ends (so a decorated, exported or attributed definition counts).
 */
function isDefinitionAt(grammar: LoadedGrammar, tree: Tree, index: number): boolean {
  let node: Node | null = tree.rootNode.descendantForIndex(index);
  while (node?.parent && node.parent.startIndex === index && node.parent.id !== tree.rootNode.id) node = node.parent;
  // Rust attributes and Java annotations are siblings of the item they belong to.
  while (node && /attribute|annotation|comment/.test(node.type)) node = node.nextNamedSibling;
  if (!node) return false;
  for (const c of grammar.queries.definitions.captures(tree.rootNode, queryRange(node.startIndex, node.endIndex))) {
    if (c.name === 'definition' && c.node.startIndex >= index && c.node.endIndex === node.endIndex) return true;
  }
  return false;
}
