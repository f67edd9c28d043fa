import type { Node, Tree } from 'web-tree-sitter';
import type { LoadedGrammar } from '../../server/syntax/grammarRegistry';
import { CONTROL_TOKENS } from '../../server/models/stopSequences';
import { queryRange } from '../../server/syntax/syntaxQueries';
import type { Random } from './corpus';

/**
 * What is taken out of a real file for the model to write back:
 * - block: from a statement at the start of its line to the end of its block's body;
 * - lines: from the code at the start of a line to the end of a later line, wherever that
 *   is in the structure (inside a nested call, between `} else {`, after a comment);
 * - line: from a point in a line to its end;
 * - span: a piece inside one line.
 */
export type MiddleKind = 'block' | 'lines' | 'line' | 'span';

export interface Middle {
  kind: MiddleKind;
  /** Where the cursor is: the middle starts here in the original. */
  offset: number;
  middle: string;
}

/** Blocks longer than this are drawn from a later statement, so a case stays a completion's size. */
const MAX_BLOCK_CHARS = 1_200;

/**
 * Draws one middle of `kind` from a parsed file, or nothing when the file has no place for it.
 * A middle that holds a model's control token as text (`"<|im_end|>"` in node-llama-cpp's chat
 * wrappers) is not drawn: infill-ls cuts every answer at control tokens on purpose (a model
 * that writes one has left the hole), so such code can never come back whole.
 */
export function drawMiddle(text: string, tree: Tree, grammar: LoadedGrammar, kind: MiddleKind, rnd: Random): Middle | undefined {
  const drawn = drawAny(text, tree, grammar, kind, rnd);
  return drawn && CONTROL_TOKENS.some((t) => drawn.middle.includes(t)) ? undefined : drawn;
}

function drawAny(text: string, tree: Tree, grammar: LoadedGrammar, kind: MiddleKind, rnd: Random): Middle | undefined {
  if (kind === 'block') return drawBlock(text, tree, grammar, rnd);
  const line = pickLine(text, rnd);
  if (!line) return undefined;
  const { contentStart, end } = line;
  if (kind === 'lines') {
    let stop = end;
    for (let n = rnd.int(1, 12); n > 0 && stop < text.length; n--) {
      const nl = text.indexOf('\n', stop + 1);
      stop = nl < 0 ? text.length : nl;
    }
    // Ending in blank lines would make it the same answer as a shorter middle plus the rest of its line.
    const middle = text.slice(contentStart, stop).replace(/\s+$/, '');
    if (middle.length > MAX_BLOCK_CHARS || !middle.includes('\n')) return undefined;
    if (wholeDefinitionPastUnit(tree, grammar, contentStart, contentStart + middle.length)) return undefined;
    return { kind, offset: contentStart, middle };
  }
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

/**
 * Whether [start, end) holds, after the end of the definition around `start`, a whole
 * definition or a whole top-level statement: such a middle is the same text as an
 * over-eager answer that writes new code past the block, so no post-processing can tell
 * them apart.
 */
function wholeDefinitionPastUnit(tree: Tree, grammar: LoadedGrammar, start: number, end: number): boolean {
  const defs = grammar.queries.definitions.captures(tree.rootNode, queryRange(Math.max(0, start - 1), end)).filter((c) => c.name === 'definition').map((c) => c.node);
  const around = defs.filter((d) => d.startIndex < start && start < d.endIndex).sort((a, b) => a.endIndex - b.endIndex)[0];
  if (!around || around.endIndex >= end) return false;
  const topLevel = tree.rootNode.namedChildren.filter((n): n is Node => n !== null && !n.type.includes('comment'));
  return defs.some((d) => d.startIndex >= around.endIndex && d.endIndex <= end) || topLevel.some((n) => n.startIndex >= around.endIndex && n.endIndex <= end);
}
