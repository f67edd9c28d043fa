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
    // Stryker disable next-line ConditionalExpression,EqualityOperator: a shortcut: for endIndex >= insertionEnd codeAfter finds nothing and the next line returns undefined too
    if (unit.endIndex >= insertionEnd) return undefined; // the text after the insertion closes it
    const next = codeAfter(tree, text, unit.endIndex, insertionEnd);
    // Only comments follow (the next definition's doc comment), or the code that follows
    // goes on into the text after the cursor (the header of a definition whose body is
    // there): the insertion leads up to what is already written, it does not run past it.
    // Unfinished code (a header still without its body, mid-stream) is not judged yet.
    if (!next || unfinished(next) || (next.endIndex > insertionEnd && !absorbsCopy(text, cursor, next.startIndex, insertionEnd))) return undefined;
    if (k + 1 === definitions.length || isDefinition(grammar, tree, next)) return unit.endIndex;
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

/**
 * The first code after `from` that starts something, if it starts before `to`: the largest
 * node starting there. Comments, Rust's `#[...]` attributes (siblings of their item) and the
 * brackets closing the blocks around the unit (`}` of an `impl`, `)` of a call) are passed over.
 */
function codeAfter(tree: Tree, text: string, from: number, to: number): Node | undefined {
  for (let i = from; i < to; ) {
    if (/\s/.test(text[i])) {
      i++;
      continue;
    }
    let node: Node | null = tree.rootNode.descendantForIndex(i);
    while (node?.parent && node.parent.startIndex === i && node.parent.id !== tree.rootNode.id) node = node.parent;
    if (!node) return undefined;
    if (node.isNamed && !/comment|^attribute_item$/.test(node.type)) return node;
    i = Math.max(node.endIndex, i + 1);
  }
  return undefined;
}

/**
 * Whether the code after the unit only reaches into the text after the insertion because
 * that text repeats what the insertion already has: an over-eager answer copied the rest of
 * the unit, wrote a new Python definition, and the repeated lines after it are indented
 * enough to fall into its body. The suffix's first line of code then appears, as a whole
 * line, in the insertion before that new code.
 */
function absorbsCopy(text: string, cursor: number, nextStart: number, insertionEnd: number): boolean {
  const after = /^\s*\n?([^\n]*)/.exec(text.slice(insertionEnd))![1].trim();
  if (!/\w/.test(after)) return false;
  return text.slice(cursor, nextStart).split('\n').some((line) => line.trim() === after);
}

/** Whether code is not whole yet: it has errors, or ends in an empty body (Python's `def f():` with nothing under it). */
function unfinished(node: Node): boolean {
  if (node.hasError) return true;
  for (let last = node.lastNamedChild; last; last = last.lastNamedChild) if (last.startIndex === last.endIndex) return true;
  return false;
}

/** Whether a node is a definition: one ends where it ends (so a decorated or exported definition counts). */
function isDefinition(grammar: LoadedGrammar, tree: Tree, node: Node): boolean {
  for (const c of grammar.queries.definitions.captures(tree.rootNode, queryRange(node.startIndex, node.endIndex))) {
    if (c.name === 'definition' && c.node.startIndex >= node.startIndex && c.node.endIndex === node.endIndex) return true;
  }
  return false;
}
