import type { Node, Tree } from 'web-tree-sitter';
import type { LoadedGrammar } from './grammarRegistry';

/** A span of the document, UTF-16 offsets. */
export interface Span {
  start: number;
  end: number;
}

/** An enclosing definition: its start and where its body starts (the header is between). */
export interface Scope {
  start: number;
  bodyStart: number;
  end: number;
}

/**
 * Query options for [start, end) in UTF-16 offsets. web-tree-sitter passes a query's range
 * to C as bytes of the UTF-16 text it parsed, while nodes report UTF-16 offsets, so the
 * range is doubled; every caller still checks the nodes it gets against the real offsets.
 */
export function queryRange(start: number, end: number): { startIndex: number; endIndex: number } {
  return { startIndex: start * 2, endIndex: Math.max(end, start + 1) * 2 };
}

/**
 * The offset to ask "what is the cursor inside of": on an indented line with only
 * whitespace since the last code, that code's end. (In Python a body ends at its last
 * statement, so an indented empty line below it is, for the tree, outside the body.)
 */
export function syntaxAnchor(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && /\s/.test(text[i - 1])) i--;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const indented = offset > lineStart && text.slice(lineStart, offset).trim() === '';
  return i < offset && indented ? i : offset;
}

/** Ids of the @block nodes that intersect [start, end), plus the root (always a block). */
export function blockIdsAround(grammar: LoadedGrammar, tree: Tree, start: number, end: number): Set<number> {
  const ids = new Set<number>([tree.rootNode.id]);
  for (const c of grammar.queries.blocks.captures(tree.rootNode, queryRange(start, end))) {
    ids.add(c.node.id);
  }
  return ids;
}

/** Which nodes are @block nodes: the ids found in a range (`blockIdsAround`), or a test asked node by node (`blockTest`). */
export type Blocks = ReadonlySet<number> | ((node: Node) => boolean);

/**
 * Whether a node is a @block node, asked of the blocks query for that node alone (patterns
 * capture @block at their root or one level below it) and remembered: a statement-boundary
 * search asks about a few parents, where capturing every block of a window costs more.
 */
export function blockTest(grammar: LoadedGrammar, tree: Tree): (node: Node) => boolean {
  const known = new Map<number, boolean>([[tree.rootNode.id, true]]);
  return (node) => {
    let is = known.get(node.id);
    if (is === undefined) {
      const from = node.parent ?? node;
      // Stryker disable next-line ObjectLiteral: speed only: without the range and depth the query finds the same node among more
      is = grammar.queries.blocks.captures(from, { ...queryRange(node.startIndex, node.endIndex), maxStartDepth: 1 }).some((c) => c.node.id === node.id);
      known.set(node.id, is);
    }
    return is;
  };
}

function isBlock(blocks: Blocks, node: Node): boolean {
  return typeof blocks === 'function' ? blocks(node) : blocks.has(node.id);
}

/** The innermost @block node containing `offset` (the root when none). */
export function innermostBlock(grammar: LoadedGrammar, tree: Tree, offset: number): Node {
  let best: Node = tree.rootNode;
  for (const c of grammar.queries.blocks.captures(tree.rootNode, queryRange(Math.max(0, offset - 1), offset + 1))) {
    const n = c.node;
    if (n.startIndex <= offset && offset <= n.endIndex && n.endIndex - n.startIndex <= best.endIndex - best.startIndex) best = n;
  }
  return best;
}

/** The definitions around `offset` whose body contains it, outermost first. */
export function enclosingScopes(grammar: LoadedGrammar, tree: Tree, offset: number): Scope[] {
  const scopes: Scope[] = [];
  for (const match of grammar.queries.scopes.matches(tree.rootNode, queryRange(Math.max(0, offset - 1), offset + 1))) {
    const scope = match.captures.find((c) => c.name === 'scope')?.node;
    const body = match.captures.find((c) => c.name === 'scope.body')?.node;
    if (!scope || !body) continue;
    if (body.startIndex <= offset && offset <= body.endIndex) {
      scopes.push({ start: scope.startIndex, bodyStart: body.startIndex, end: scope.endIndex });
    }
  }
  return outermostPerBody(scopes);
}

/**
 * The definitions around `anchor` whose body holds it and that start before `before`. Each
 * lies within the top-level node around the anchor, so where that node starts at or after
 * `before` there are none and the scope query is not run: compiling it is the largest part
 * of a language's first completion (TypeScript's: ~60 ms).
 */
export function enclosingScopesBefore(grammar: LoadedGrammar, tree: Tree, anchor: number, before: number): Scope[] {
  // The first top-level node that ends at or after the anchor: the one around it, if any is.
  const top = tree.rootNode.firstChildForIndex(Math.max(0, anchor - 1));
  if (!top || top.startIndex > anchor || top.startIndex >= before) return [];
  return enclosingScopes(grammar, tree, anchor).filter((s) => s.start < before);
}

/**
 * One scope per start and per body: the outermost, whose header says the most (a function
 * value bound to a name matches as the binding, `const f = () =>`, and as the function).
 */
export function outermostPerBody<S extends Scope>(scopes: S[]): S[] {
  scopes.sort((a, b) => a.start - b.start || b.end - a.end);
  const bodies = new Set<number>();
  return scopes.filter((s, i) => {
    if ((i > 0 && s.start === scopes[i - 1].start) || bodies.has(s.bodyStart)) return false;
    bodies.add(s.bodyStart);
    return true;
  });
}

/** The import statements in [start, end); with `depth`, only those that start at most that many levels below the root. */
export function importSpans(grammar: LoadedGrammar, tree: Tree, start = 0, end = tree.rootNode.endIndex, depth?: number): Span[] {
  const spans = grammar.queries.imports
    .captures(tree.rootNode, { ...queryRange(start, end), maxStartDepth: depth })
    .filter((c) => c.name === 'import' && c.node.endIndex <= end)
    .map((c) => ({ start: c.node.startIndex, end: c.node.endIndex }));
  return dedupeNested(spans);
}

/** Named definitions (functions, classes, types) with their spans. */
export function definitions(grammar: LoadedGrammar, tree: Tree): Array<Span & { name: string }> {
  const out: Array<Span & { name: string }> = [];
  for (const match of grammar.queries.definitions.matches(tree.rootNode)) {
    const def = match.captures.find((c) => c.name === 'definition')?.node;
    const name = match.captures.find((c) => c.name === 'name')?.node;
    if (def && name) out.push({ name: name.text, start: def.startIndex, end: def.endIndex });
  }
  return out;
}

/** The smallest named definition (function, method, class...) that contains `offset`. */
export function innermostDefinition(grammar: LoadedGrammar, tree: Tree, offset: number): Span | undefined {
  let best: Span | undefined;
  for (const c of grammar.queries.definitions.captures(tree.rootNode, queryRange(Math.max(0, offset - 1), offset + 1))) {
    if (c.name !== 'definition') continue;
    const n = c.node;
    if (n.startIndex < offset && offset <= n.endIndex && (!best || n.endIndex - n.startIndex < best.end - best.start)) {
      best = { start: n.startIndex, end: n.endIndex };
    }
  }
  return best;
}

/** Whether `offset` is inside a string or a comment (where completions stay on one line). */
export function inStringOrComment(tree: Tree, offset: number): boolean {
  return stringOrCommentAt(tree, offset) !== undefined;
}

/** The string or comment `offset` is inside, if any. */
export function stringOrCommentAt(tree: Tree, offset: number): Node | undefined {
  for (let node: Node | null = tree.rootNode.descendantForIndex(Math.max(0, offset - 1), offset); node; node = node.parent) {
    const isComment = node.type.includes('comment');
    // `concatenated_string` (Python, C) is a run of literals: between them is code.
    if (!isComment && (!/string|heredoc|char_literal|template_string/.test(node.type) || node.type === 'concatenated_string')) continue;
    if (node.startIndex < offset && offset < node.endIndex) return node;
    // A line comment runs to the end of its line: the cursor there is still inside it.
    if (isComment && offset === node.endIndex && !/(\*\/|\]\]|-->)\s*$/.test(node.text)) return node;
  }
  return undefined;
}

/** How many ERROR and MISSING nodes the tree has (only subtrees with errors are visited). */
export function countSyntaxErrors(tree: Tree): number {
  return countSyntaxErrorsIn(tree, 0, tree.rootNode.endIndex);
}

/** How many ERROR and MISSING nodes start within [start, end]. */
export function countSyntaxErrorsIn(tree: Tree, start: number, end: number): number {
  let count = 0;
  const visit = (node: Node): void => {
    if (node.endIndex < start || node.startIndex > end) return;
    if ((node.isError || node.isMissing) && node.startIndex >= start) count++;
    if (!node.hasError && !node.isMissing) return;
    for (const child of node.children) if (child) visit(child);
  };
  visit(tree.rootNode);
  return count;
}

/** The first few syntax errors, as "line N: unexpected `x`" / "line N: missing `;`", for a model to fix. */
export function describeSyntaxErrors(tree: Tree, text: string, max = 3): string {
  const found: string[] = [];
  const visit = (node: Node): void => {
    if (found.length >= max) return;
    const line = node.startPosition.row + 1;
    if (node.isMissing) found.push(`line ${line}: missing \`${node.type}\``);
    else if (node.isError) found.push(`line ${line}: unexpected \`${text.slice(node.startIndex, Math.min(node.endIndex, node.startIndex + 40)).split('\n')[0]}\``);
    else if (node.hasError) for (const child of node.children) if (child) visit(child);
  };
  visit(tree.rootNode);
  return found.join('; ') || 'the code does not parse';
}

/**
 * Whether a statement-level node starts at `index`: one whose parent is a block (or the
 * root). Context is cut only at such points, so the model never sees half a statement.
 */
export function statementStartsAt(tree: Tree, blocks: Blocks, index: number): boolean {
  for (let node: Node | null = tree.rootNode.descendantForIndex(index); node && node.startIndex === index; node = node.parent) {
    const parent = node.parent;
    if (!parent || isBlock(blocks, parent)) return true;
  }
  return false;
}

/** Whether a statement-level node ends at `index` (exclusive end). */
export function statementEndsAt(tree: Tree, blocks: Blocks, index: number): boolean {
  if (index <= 0) return false;
  for (let node: Node | null = tree.rootNode.descendantForIndex(index - 1); node && node.endIndex === index; node = node.parent) {
    const parent = node.parent;
    if (!parent || isBlock(blocks, parent)) return true;
  }
  return false;
}

function dedupeNested(spans: Span[]): Span[] {
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Span[] = [];
  for (const s of spans) if (!out.length || s.start >= out[out.length - 1].end) out.push(s);
  return out;
}
