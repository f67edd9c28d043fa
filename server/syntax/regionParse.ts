import type { Parser, Point, Range, Tree } from 'web-tree-sitter';
import { parseInput } from './parseInput';
import { countSyntaxErrorsIn } from './syntaxQueries';
import type { TreeEdit } from './textEdit';

/** What a completion reads of a document: `before` and `after` characters around `offset`, and the file's imports. */
export interface Neighbourhood {
  offset: number;
  before: number;
  after: number;
}

/** A span of the document parsed on its own: whole top-level units, from one line start to another. */
export interface ParsedRange {
  start: number;
  end: number;
}

/** Imports are looked for in this much of the start of a file (by the context too: context/fimContext.ts). */
export const IMPORTS_SEARCH_CHARS = 50_000;
/** A region that covers more than this share of the document is not worth parsing apart. */
const MAX_REGION_SHARE = 0.5;
/** How many unit starts are tried at each end of a range before the region is given up. */
const BOUNDARY_TRIES = 3;
/** A unit after a cut longer than this is not parsed to tell whether the cut is between units: the cut is not kept. */
const MAX_ALONE_CHARS = 16_000;

/** A line that looks like an import, include or package clause at column 0. */
const IMPORT_LINE = /^(?:import\b|from\s+\S+\s+import\b|use\s|pub\s+use\s|package\s|#\s*include\b|#\s*import\b|using\s|extern\s+crate\b|require\b|.*\brequire\s*\(|@import\b)/gm;
/** What code at column 0 starts with: a name or keyword, a decorator, an attribute or directive (`#[`, `#include`). */
const CODE_START = /^(?:[A-Za-z_$@]|#[^\s#])/;
/** A comment line at column 0 (`//`, `/*`, `# `; not `#[` or `#include`). */
const COMMENT_LINE = /^(?:\/\/|\/\*|#[\s#]|#$)/;
/** Words that continue the statement above them even at column 0 (Python's `else:`, Rust's `where`). */
const CONTINUATION = /^(?:else|elif|except|finally|catch|where)\b/;

/** A region's tree and the ranges it covers (its `reparse` keeps to them). */
export interface ParsedRegion {
  tree: Tree;
  ranges: ParsedRange[];
}

/**
 * Parses only what a completion's context needs of a large document: the file's head
 * through its imports, and the cursor's surroundings, each cut where a top-level unit
 * starts, so that each parses alone exactly as within the whole file (node offsets and rows
 * are the document's). A cut that shows errors at a range's edge or outside the cursor's
 * unit (it was not between two units after all) is moved one unit further out, a few times. Undefined when the
 * region would cover most of the document or no cut parses: then the whole is parsed.
 */
export function parseRegion(parser: Parser, text: string, near: Neighbourhood): ParsedRegion | undefined {
  for (let tries = 0; tries < BOUNDARY_TRIES; tries++) {
    const ranges = regionRanges(text, near, tries);
    if (!ranges) return undefined;
    const tree = parser.parse(parseInput(text), null, { includedRanges: toTreeRanges(text, ranges) }) ?? undefined;
    if (!tree) return undefined;
    if (cleanlyCut(parser, tree, text, ranges, near.offset)) return { tree, ranges };
    tree.delete();
  }
  return undefined;
}

/** Parses the document again after an edit, reusing `old`, within the region's ranges moved by the edit. */
export function reparseRegion(parser: Parser, newText: string, old: Tree, ranges: ParsedRange[], edit: TreeEdit): Tree | undefined {
  const delta = edit.newEndIndex - edit.oldEndIndex;
  const moved = ranges.map((r) => ({
    start: r.start > edit.startIndex ? r.start + delta : r.start,
    end: r.end >= edit.oldEndIndex ? r.end + delta : r.end,
  }));
  return parser.parse(parseInput(newText), old, { includedRanges: toTreeRanges(newText, moved) }) ?? undefined;
}

/**
 * The ranges for the `tries`-th choice of cuts (each try moves both ends one unit further
 * out). Undefined when they would cover more than half the document.
 */
export function regionRanges(text: string, near: Neighbourhood, tries = 0): ParsedRange[] | undefined {
  const start = unitStartAtOrBefore(text, Math.max(0, near.offset - near.before), tries);
  const end = unitStartAtOrAfter(text, Math.min(text.length, near.offset + near.after), tries);
  const ranges: ParsedRange[] = [];
  const importsEnd = start > 0 ? lastImportEnd(text, Math.min(start, IMPORTS_SEARCH_CHARS)) : 0;
  const head = importsEnd > 0 ? unitStartAtOrAfter(text, importsEnd, 0) : 0;
  if (head > 0 && head < start) ranges.push({ start: 0, end: head });
  ranges.push({ start: head >= start ? 0 : start, end });
  const covered = ranges.reduce((n, r) => n + r.end - r.start, 0);
  return covered > text.length * MAX_REGION_SHARE ? undefined : ranges;
}

/**
 * Whether the ranges were cut between units: no top-level node has errors but the cursor's,
 * which may be half typed. A cut through a unit shows as errors at the range's edge, so the
 * cursor's unit may not be the first after a cut at a range's start. It may run into the
 * cut at the range's end only where its errors start at or before the cursor and the unit
 * after the cut parses on its own: then the cut is between units, and the typing's errors
 * (an unclosed `(` takes in the rest of the file) reach past it in the whole file too.
 */
function cleanlyCut(parser: Parser, tree: Tree, text: string, ranges: ParsedRange[], cursor: number): boolean {
  const root = tree.rootNode;
  for (const r of ranges) {
    let n = root.firstChildForIndex(r.start);
    if (!n || n.startIndex >= r.end) {
      if (text.slice(r.start, r.end).trim() !== '') return false;
      continue;
    }
    for (let first = true; n && n.startIndex < r.end; first = false, n = n.nextSibling) {
      if (!n.hasError) continue;
      const holdsCursor = n.startIndex <= cursor && cursor <= n.endIndex;
      if (!holdsCursor || (first && r.start > 0)) return false;
      const atEnd = (!n.nextSibling || n.nextSibling.startIndex >= r.end) && r.end < text.length;
      // Its errors must start at or before the cursor: one that starts after it may be the cut's.
      if (atEnd && (countSyntaxErrorsIn(tree, n.startIndex, cursor) === 0 || !parsesAlone(parser, text, r.end))) return false;
    }
  }
  return true;
}

/**
 * Whether the unit that starts at `start` (a line start) parses without errors on its own;
 * one longer than MAX_ALONE_CHARS is not parsed for it, and the answer is no.
 */
function parsesAlone(parser: Parser, text: string, start: number): boolean {
  const end = unitStartAtOrAfter(text, start, 1);
  if (end - start > MAX_ALONE_CHARS) return false;
  const tree = parser.parse(parseInput(text), null, { includedRanges: toTreeRanges(text, [{ start, end }]) });
  try {
    return tree !== null && !tree.rootNode.hasError;
    // Stryker disable next-line BlockStatement: memory only: the tree is freed
  } finally {
    // Stryker disable next-line OptionalChaining: memory only: the tree is freed
    tree?.delete();
  }
}

/** tree-sitter's ranges: UTF-16 offsets and rows (each range starts at a line start; the last may end at the text's end). */
function toTreeRanges(text: string, ranges: ParsedRange[]): Range[] {
  const out: Range[] = [];
  let row = 0;
  let at = 0;
  const pointOf = (offset: number): Point => {
    for (let i = text.indexOf('\n', at); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
      row++;
      at = i + 1;
    }
    return { row, column: offset - at };
  };
  for (const r of ranges) {
    const startPosition = pointOf(r.start);
    const endPosition = pointOf(r.end);
    out.push({ startIndex: r.start, endIndex: r.end, startPosition, endPosition });
  }
  return out;
}

/**
 * Whether a top-level unit starts at line start `ls`, as far as the text shows: after a blank
 * line (or at the file's start), code at column 0 (an attribute or directive too: `#[derive]`,
 * `#include`) that does not continue the statement above, or the column-0 comment lines
 * right before such code (a doc comment). A comment alone is no cut: comments sit at
 * column 0 inside arrays and calls too.
 */
export function isUnitStart(text: string, ls: number): boolean {
  if (ls === 0) return true;
  const prevStart = text.lastIndexOf('\n', ls - 2) + 1;
  if (text.slice(prevStart, ls - 1).trim() !== '') return false;
  let at = ls;
  // A block comment's inner lines start ` *`.
  while (COMMENT_LINE.test(text.slice(at, at + 2)) || (at > ls && text.startsWith(' *', at))) {
    const nl = text.indexOf('\n', at);
    if (nl < 0) return false;
    at = nl + 1;
  }
  return CODE_START.test(text.slice(at, at + 2)) && !CONTINUATION.test(text.slice(at, at + 8));
}

/** The `skip`+1-th unit start at or before `offset` (0 when there is none). */
function unitStartAtOrBefore(text: string, offset: number, skip: number): number {
  let found = 0;
  for (let ls = text.lastIndexOf('\n', offset - 1) + 1; ls > 0; ls = text.lastIndexOf('\n', ls - 2) + 1) {
    if (isUnitStart(text, ls) && found++ === skip) return ls;
  }
  return 0;
}

/** The `skip`+1-th unit start at or after `offset` (the text's end when there is none). */
function unitStartAtOrAfter(text: string, offset: number, skip: number): number {
  let found = 0;
  let ls = offset === 0 || text[offset - 1] === '\n' ? offset : text.indexOf('\n', offset) + 1;
  for (; ls > 0 && ls < text.length; ls = text.indexOf('\n', ls) + 1) {
    if (isUnitStart(text, ls) && found++ === skip) return ls;
  }
  return text.length;
}

/** The end of the line of the last import-like line in the first `within` characters (0 when none). */
function lastImportEnd(text: string, within: number): number {
  const head = text.slice(0, within);
  let end = 0;
  IMPORT_LINE.lastIndex = 0;
  for (let m = IMPORT_LINE.exec(head); m; m = IMPORT_LINE.exec(head)) {
    const nl = head.indexOf('\n', m.index);
    end = nl < 0 ? within : nl + 1;
    IMPORT_LINE.lastIndex = Math.max(end, m.index + 1);
  }
  return end;
}
