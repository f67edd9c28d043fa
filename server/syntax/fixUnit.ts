import type { Node, Tree } from 'web-tree-sitter';
import type { LoadedGrammar } from './grammarRegistry';
import { blockIdsAround, queryRange, type Span } from './syntaxQueries';

/** The code a fix may rewrite: whole lines, and the name of the definition they hold, if any. */
export interface FixUnit extends Span {
  name?: string;
  /** The definition's node type (`function_definition`, `method_definition`), where it is one. */
  kind?: string;
}

/** A function longer than this is too much to send and rewrite: its statement is used instead. */
const MAX_UNIT_LINES = 150;
/** Lines around the problem when no syntactic unit fits. */
const CONTEXT_LINES = 3;

/**
 * The smallest syntactic unit that holds `range` and is worth rewriting whole: the
 * function, method or class around it, else the statement (never a whole large file).
 * Spans whole lines: from the start of the first to the end of the last (without its break).
 */
export function fixUnitFor(grammar: LoadedGrammar, tree: Tree, text: string, range: Span): FixUnit {
  const lines = (s: Span) => text.slice(s.start, s.end).split('\n').length;
  const definition = innermostNamedDefinition(grammar, tree, range);
  if (definition && lines(definition) <= MAX_UNIT_LINES) return { ...wholeLines(text, definition), name: definition.name, kind: definition.kind };
  const statement = statementAround(grammar, tree, range);
  if (statement && lines(statement) <= MAX_UNIT_LINES && statement.type !== 'ERROR') return wholeLines(text, statement);
  const first = text.lastIndexOf('\n', range.start - 1) + 1;
  let start = first;
  for (let i = 0; i < CONTEXT_LINES && start > 0; i++) start = text.lastIndexOf('\n', start - 2) + 1;
  let end = range.end;
  for (let i = 0; i <= CONTEXT_LINES && end >= 0 && end < text.length; i++) end = text.indexOf('\n', end + 1);
  return wholeLines(text, { start, end: end < 0 ? text.length : end });
}

function innermostNamedDefinition(grammar: LoadedGrammar, tree: Tree, range: Span): (Span & { name: string; kind: string }) | undefined {
  let best: (Span & { name: string; kind: string }) | undefined;
  for (const match of grammar.queries.definitions.matches(tree.rootNode, queryRange(range.start, range.end))) {
    const def = match.captures.find((c) => c.name === 'definition')?.node;
    const name = match.captures.find((c) => c.name === 'name')?.node;
    if (!def || !name || def.startIndex > range.start || def.endIndex < range.end || def.hasError) continue;
    if (!best || def.endIndex - def.startIndex < best.end - best.start) best = { start: def.startIndex, end: def.endIndex, name: name.text, kind: def.type };
  }
  return best;
}

/** The statement-level node (a child of a block or of the root) that holds the range. */
function statementAround(grammar: LoadedGrammar, tree: Tree, range: Span): (Span & { type: string }) | undefined {
  const blocks = blockIdsAround(grammar, tree, range.start, range.end);
  for (let node: Node | null = tree.rootNode.descendantForIndex(range.start, Math.max(range.start, range.end - 1)); node; node = node.parent) {
    if (node.parent && blocks.has(node.parent.id)) return { start: node.startIndex, end: node.endIndex, type: node.type };
  }
  return undefined;
}

function wholeLines(text: string, span: Span): Span {
  const start = text.lastIndexOf('\n', span.start - 1) + 1;
  const nl = text.indexOf('\n', Math.max(span.end - 1, start));
  return { start, end: nl < 0 ? text.length : nl };
}
