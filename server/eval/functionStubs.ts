import type { Node, Tree } from 'web-tree-sitter';
import type { LoadedGrammar } from '../syntax/grammarRegistry';
import { findStubs, isDocstring } from '../syntax/stubFinder';

/** A function of the user's code that can be evaluated: its body can be replaced by a stub. */
export interface EvalFunction {
  name: string;
  /** 1-based line of its definition. */
  line: number;
  /** Lines from its first statement to its last. */
  bodyLines: number;
  /** The document with this function's body replaced by a stub that infill-ls's "Implement" finds. */
  stubbed: string;
  /** Where the stubbed function's definition starts in `stubbed`. */
  stubStart: number;
}

/** The stub statement per grammar, in the form the stub queries know; a language missing here gets an empty body. */
const STUB_STATEMENT: Record<string, string> = {
  python: 'pass',
  javascript: 'throw new Error("not implemented");',
  typescript: 'throw new Error("not implemented");',
  tsx: 'throw new Error("not implemented");',
  rust: 'todo!()',
  go: 'panic("not implemented")',
  java: 'throw new UnsupportedOperationException("not implemented");',
  csharp: 'throw new NotImplementedException();',
  cpp: 'throw std::logic_error("not implemented");',
  ruby: 'raise NotImplementedError',
  php: 'throw new \\Exception("not implemented");',
  lua: 'error("not implemented")',
};

/**
 * The functions in a document (as the stub queries define them: those Implement can fill),
 * each with the document as it reads with that body stubbed. Leading docstrings and comments
 * stay in the body: they are what a user writes before asking for an implementation.
 */
export function evalFunctions(grammar: LoadedGrammar, tree: Tree, text: string, parse: (code: string) => Tree | undefined): EvalFunction[] {
  const found: EvalFunction[] = [];
  // Functions that are stubs already have nothing to evaluate.
  const seen = new Set<number>(findStubs(grammar, tree).map((s) => s.definition.start));
  for (const match of grammar.queries.stubs.matches(tree.rootNode)) {
    const definition = match.captures.find((c) => c.name === 'definition')?.node;
    const name = match.captures.find((c) => c.name === 'name')?.node;
    const body = match.captures.find((c) => c.name === 'body')?.node;
    if (!definition || !name || !body || seen.has(definition.startIndex)) continue;
    seen.add(definition.startIndex);
    const statements = body.namedChildren.filter((c): c is Node => c !== null);
    const first = statements.findIndex((c, i) => !c.type.includes('comment') && !(i === 0 && isDocstring(c)));
    if (first < 0) continue; // only comments
    const from = statements[first];
    const to = statements[statements.length - 1];
    const stubbed = stubbedText(grammar, text, from.startIndex, to.endIndex, name.text, definition.startIndex, parse);
    if (!stubbed) continue;
    found.push({
      name: name.text,
      line: definition.startPosition.row + 1,
      bodyLines: to.endPosition.row - from.startPosition.row + 1,
      ...stubbed,
    });
  }
  return found.sort((a, b) => a.stubStart - b.stubStart);
}

/** The text with [start, end) replaced by the language's stub statement (or nothing), if Implement then finds that function as a stub. */
function stubbedText(
  grammar: LoadedGrammar,
  text: string,
  start: number,
  end: number,
  name: string,
  definitionStart: number,
  parse: (code: string) => Tree | undefined,
): { stubbed: string; stubStart: number } | undefined {
  const forms = [STUB_STATEMENT[grammar.entry.id], ''].filter((f): f is string => f !== undefined);
  for (const form of forms) {
    const stubbed = text.slice(0, start) + form + text.slice(end);
    const tree = parse(stubbed);
    if (!tree) continue;
    try {
      const stub = findStubs(grammar, tree, { start: definitionStart, end: start + form.length }).find((s) => s.name === name && s.definition.start === definitionStart);
      if (stub) return { stubbed, stubStart: definitionStart };
    } finally {
      tree.delete();
    }
  }
  return undefined;
}
