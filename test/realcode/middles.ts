import type { Node, Tree } from 'web-tree-sitter';
import type { LoadedGrammar } from '../../server/syntax/grammarRegistry';
import { queryRange } from '../../server/syntax/syntaxQueries';
import type { Random } from './corpus';

/**
 * What is taken out of a real file for the model to write back:
 * - block: from a statement at the start of its line to the end of its block's body;
 * - line: from a point in a line to its end;
 * - span: a piece inside one line.
 */
export type MiddleKind = 'block' | 'line' | 'span';

export interface Middle {
  kind: MiddleKind;
  /** Where the cursor is: the middle starts here in the original. */
  offset: number;
  middle: string;
}

/** Blocks longer than this are drawn from a later statement, so a case stays a completion's size. */
const MAX_BLOCK_CHARS = 1_200;

/** Draws one middle of `kind` from a parsed file, or nothing when the file has no place for it. */
export function drawMiddle(text: string, tree: Tree, grammar: LoadedGrammar, kind: MiddleKind, rnd: Random): Middle | undefined {
  if (kind === 'block') return drawBlock(text, tree, grammar, rnd);
  const line = pickLine(text, rnd);
  if (!line) return undefined;
  const { contentStart, end } = line;
  if (kind === 'line') {
    const offset = rnd.int(contentStart, end - 1);
    return { kind, offset, middle: text.slice(offset, end) };
  }
  if (end - contentStart < 3) return undefined;
  const start = rnd.int(contentStart, end - 2);
  const stop = rnd.int(start + 1, end - 1);
  return { kind, offset: start, middle: text.slice(start, stop) };
}

function drawBlock(text: string, tree: Tree, grammar: LoadedGrammar, rnd: Random): Middle | undefined {
  const blocks = grammar.queries.blocks.captures(tree.rootNode, queryRange(0, text.length)).map((c) => c.node);
  for (let tries = 0; tries < 20 && blocks.length > 0; tries++) {
    const block = rnd.pick(blocks);
    const statements = block.namedChildren.filter((c): c is Node => c !== null && startsItsLine(text, c.startIndex));
    const last = block.namedChildren.at(-1);
    if (!last || statements.length === 0) continue;
    let first = rnd.pick(statements);
    // Too long: start at a later statement of the same body.
    for (const s of statements) if (last.endIndex - first.startIndex > MAX_BLOCK_CHARS && s.startIndex > first.startIndex) first = s;
    const middle = text.slice(first.startIndex, last.endIndex);
    if (middle.trim() === '' || middle.length > MAX_BLOCK_CHARS) continue;
    return { kind: 'block', offset: first.startIndex, middle };
  }
  return undefined;
}

/** A random line with some code on it: where its code starts and where it ends (before `\n`). */
function pickLine(text: string, rnd: Random): { contentStart: number; end: number } | undefined {
  for (let tries = 0; tries < 20; tries++) {
    const at = rnd.int(0, text.length - 1);
    const start = text.lastIndexOf('\n', at - 1) + 1;
    const nl = text.indexOf('\n', at);
    const end = nl < 0 ? text.length : nl;
    const lead = /^[ \t]*/.exec(text.slice(start, end))![0].length;
    if (text.slice(start + lead, end).trim().length >= 4 && !/\s$/.test(text.slice(start, end))) return { contentStart: start + lead, end };
  }
  return undefined;
}

function startsItsLine(text: string, index: number): boolean {
  const lineStart = text.lastIndexOf('\n', index - 1) + 1;
  return text.slice(lineStart, index).trim() === '';
}
