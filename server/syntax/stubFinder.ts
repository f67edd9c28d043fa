import type { Node, Tree } from 'web-tree-sitter';
import type { LoadedGrammar } from './grammarRegistry';
import { queryRange, type Span } from './syntaxQueries';

/** A function whose body is a stub, and what an implementation replaces. */
export interface Stub {
  name: string;
  definition: Span;
  body: Span;
  /** The stub statements or TODO comments, or (for an empty body) the inside of the braces. */
  replace: Span;
  kind: 'statement' | 'todo' | 'empty';
  /** Comments and docstrings in the body: context for the model, kept in the document. */
  context: string[];
}

/**
 * The stubs among the definitions that intersect `range`: functions whose body holds only
 * stub statements (`pass`, `todo!()`, `throw new Error("not implemented")`...), TODO
 * comments, docstrings and comments, or nothing at all. A function with any other code is
 * not a stub, whatever words it contains.
 */
export function findStubs(grammar: LoadedGrammar, tree: Tree, range?: Span): Stub[] {
  const options = range ? queryRange(range.start, range.end) : {};
  const stubIds = new Set<number>();
  const todoIds = new Set<number>();
  const candidates: Array<{ definition: Node; name: Node; body: Node }> = [];
  for (const match of grammar.queries.stubs.matches(tree.rootNode, options)) {
    const byName = (n: string) => match.captures.find((c) => c.name === n)?.node;
    const definition = byName('definition');
    const name = byName('name');
    const body = byName('body');
    // Stryker disable next-line LogicalOperator,ConditionalExpression: every stubs.scm pattern captures @definition, @name and @body together, or none of them
    if (definition && name && body) candidates.push({ definition, name, body });
    const stub = byName('stub');
    if (stub) stubIds.add(stub.id);
    const todo = byName('todo');
    if (todo) todoIds.add(todo.id);
  }
  // Stub statements may lie outside the range when only the signature is in it.
  // Stryker disable next-line ConditionalExpression: without a range the first pass already matched inside every body
  if (range) {
    for (const c of candidates) {
      for (const match of grammar.queries.stubs.matches(c.body, queryRange(c.body.startIndex, c.body.endIndex))) {
        for (const cap of match.captures) {
          if (cap.name === 'stub') stubIds.add(cap.node.id);
          if (cap.name === 'todo') todoIds.add(cap.node.id);
        }
      }
    }
  }

  const stubs: Stub[] = [];
  const seen = new Set<number>();
  for (const { definition, name, body } of candidates) {
    // Stryker disable next-line ConditionalExpression: no stubs.scm pattern matches one definition twice (Lua's and Go's patterns are written so); a guard for future ones
    if (seen.has(definition.id)) continue;
    seen.add(definition.id);
    const stub = classify(definition, name, body, stubIds, todoIds);
    if (stub) stubs.push(stub);
  }
  return stubs.sort((a, b) => a.definition.start - b.definition.start);
}

function classify(definition: Node, name: Node, body: Node, stubIds: Set<number>, todoIds: Set<number>): Stub | undefined {
  // Stryker disable next-line MethodExpression,ConditionalExpression: namedChildren holds no nulls (the filter narrows the type)
  const children = body.namedChildren.filter((c): c is Node => c !== null);
  const kinds = children.map((child, i) => {
    if (stubIds.has(child.id)) return 'stub';
    if (todoIds.has(child.id)) return 'todo';
    if (child.type.includes('comment') || (i === 0 && isDocstring(child))) return 'context';
    return 'code';
  });
  if (kinds.includes('code')) return undefined;
  const context = children.filter((_, i) => kinds[i] === 'context').map((c) => c.text);
  const span = (from: Node, to: Node): Span => ({ start: from.startIndex, end: to.endIndex });
  const base = { name: name.text, definition: { start: definition.startIndex, end: definition.endIndex }, body: { start: body.startIndex, end: body.endIndex }, context };

  const firstStub = kinds.indexOf('stub');
  if (firstStub >= 0) {
    // TODO comments right next to the stub statements go with them.
    let first = firstStub;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: kinds[-1] is undefined, so the bound never changes the result
    while (first > 0 && kinds[first - 1] === 'todo') first--;
    let last = kinds.lastIndexOf('stub');
    // Stryker disable next-line EqualityOperator,ArithmeticOperator: kinds past the end are undefined, so the bound never changes the result
    while (last + 1 < kinds.length && kinds[last + 1] === 'todo') last++;
    return { ...base, kind: 'statement', replace: span(children[first], children[last]) };
  }
  const firstTodo = kinds.indexOf('todo');
  if (firstTodo >= 0) return { ...base, kind: 'todo', replace: span(children[firstTodo], children[kinds.lastIndexOf('todo')]) };

  // Empty: between the last comment (or the opening brace) and the closing brace.
  const text = body.text;
  // Stryker disable next-line StringLiteral: a body without children always starts with `{` (the others are not found without a child)
  const open = text.startsWith('{') ? 1 : 0;
  const close = text.endsWith('}') ? 1 : 0;
  const lastContext = children[children.length - 1];
  const start = lastContext ? lastContext.endIndex : body.startIndex + open;
  return { ...base, kind: 'empty', replace: { start, end: body.endIndex - close } };
}

/** A string alone as a body's first statement (Python's docstring). */
export function isDocstring(node: Node): boolean {
  // Stryker disable next-line OptionalChaining: namedChildCount === 1 guarantees namedChild(0)
  return node.type === 'expression_statement' && node.namedChildCount === 1 && node.namedChild(0)?.type === 'string';
}
