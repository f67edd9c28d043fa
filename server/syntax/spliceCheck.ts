import type { Node, Point, Tree } from 'web-tree-sitter';
import type { SyntaxSnapshot } from './documentTrees';
import { countSyntaxErrors } from './syntaxQueries';
import { treeEditFor } from './textEdit';
import { unitEnd } from './unitEnd';

/** The document re-parsed with a suggestion spliced in at the cursor. */
export interface SpliceResult {
  /** ERROR and MISSING nodes in the spliced document. */
  errors: number;
  /** Where the insertion runs past the unit the cursor is writing (syntax/unitEnd.ts): an index into the insertion. */
  unitEnd?: number;
}

/** What a suggestion does to the document's syntax, judged by re-parsing it in place. */
export interface SpliceCheck {
  /** The errors an insertion adds to the document's own (0 when it removes some). */
  splice(insertion: string): SpliceResult;
  /** Parses what every check compares with (the region as it is): done while the model writes, it is not done after. */
  prepare(): void;
}

/** How far after the cursor a broken document's region reaches to take in the rest of its unit. */
const ERROR_REACH = 20_000;

/** Regions larger than this are checked by re-parsing the whole document incrementally. */
const MAX_REGION = 200_000;

/**
 * Re-parses the document with an insertion at `offset` (`point` is its row and UTF-16
 * column). Only the top-level declaration around the cursor and the one after it are
 * parsed, from scratch: that costs the same in a file of any size, where an incremental
 * re-parse of a large file can cost as much as parsing it (Python's error recovery).
 * `errors` counts the errors an insertion adds (0 when it removes some). Results are
 * memoised per insertion. Without `unitEnds` (a one-line suggestion), `unitEnd` is never set.
 */
export function spliceCheck(syntax: SyntaxSnapshot, offset: number, point: Point, options: { unitEnds?: boolean } = {}): SpliceCheck {
  // `unitEnds: false`: errors only (one line's check), without the definitions query unitEnd asks.
  const unitEnds = options.unitEnds ?? true;
  const region = regionAround(syntax.tree, offset);
  const { text } = syntax;
  const memo = new Map<string, SpliceResult>();
  const measure = (tree: Tree | undefined, shift: number, spliced: string, insertionLength: number): SpliceResult => {
    if (!tree) return { errors: Number.MAX_SAFE_INTEGER };
    try {
      const cursor = offset - shift;
      const end = unitEnds ? unitEnd(syntax.grammar, tree, cursor, cursor + insertionLength, spliced) : undefined;
      return { errors: countSyntaxErrors(tree), unitEnd: end === undefined ? undefined : end - cursor };
    } finally {
      tree.delete();
    }
  };

  const whole = (insertion: string): SpliceResult => {
    const spliced = text.slice(0, offset) + insertion + text.slice(offset);
    return measure(syntax.reparse(treeEditFor(offset, offset, point, point, insertion), spliced), 0, spliced, insertion.length);
  };
  const wholeBaseline = countSyntaxErrors(syntax.tree);
  // Errors fixed count as none added, so the region's and the whole document's counts compare.
  const added = (r: SpliceResult, baseline: number): SpliceResult => ({ ...r, errors: Math.max(0, r.errors - baseline) });

  let parseWith: (insertion: string) => SpliceResult;
  let prepare = (): void => undefined;
  if (region && region.end - region.start <= MAX_REGION) {
    // A prologue the region cannot parse without (PHP's `<?php`) goes in front of it.
    const prologue = region.prologue;
    const shift = region.start - prologue.length;
    const before = prologue + text.slice(region.start, offset);
    const after = text.slice(offset, region.end);
    const inRegion = (insertion: string) => {
      const spliced = before + insertion + after;
      return measure(syntax.parse(spliced), shift, spliced, insertion.length);
    };
    let regionBaseline: number | undefined; // parsed by prepare(), or on first use
    const broken = syntax.tree.rootNode.hasError;
    const baseline = (): number => (regionBaseline ??= inRegion('').errors);
    prepare = () => void baseline();
    parseWith = (insertion) => {
      const result = added(inRegion(insertion), baseline());
      // In a document that does not parse, the region's bounds follow the broken structure and
      // may cut the unit in two: an insertion blamed there is judged on the whole document.
      return result.errors > 0 && broken ? added(whole(insertion), wholeBaseline) : result;
    };
  } else {
    parseWith = (insertion) => added(whole(insertion), wholeBaseline);
  }
  return {
    splice(insertion) {
      let result = memo.get(insertion);
      if (!result) memo.set(insertion, (result = parseWith(insertion)));
      return result;
    },
    prepare,
  };
}

/**
 * The top-level node around `offset` (or before it) and the next one, with any prologue the
 * file needs. Found from the cursor with `firstChildForIndex` and siblings: a file with
 * thousands of top-level nodes is never listed whole.
 */
function regionAround(tree: Tree, offset: number): { start: number; end: number; prologue: string } | undefined {
  const root = tree.rootNode;
  const first = root.firstChild;
  if (!first) return undefined;
  // The last top-level node that starts at or before the offset (else the first).
  let at = root.firstChildForIndex(offset) ?? root.lastChild!;
  if (at.startIndex > offset && at.previousSibling) at = at.previousSibling;
  const prologue = prologueFor(first);
  if (prologue && at.equals(first)) return undefined;
  let start = at.startIndex;
  // A header cut off from its broken body (`func f() string` then an ERROR from `{` on) goes in too.
  if (root.hasError && at.hasError) {
    let k = at.previousSibling;
    while (k && k.previousSibling && k.type.includes('comment')) k = k.previousSibling;
    if (k && (!k.equals(first) || !prologue)) start = k.startIndex;
  }
  const next = at.nextSibling;
  let end = next ? next.endIndex : root.endIndex;
  // In a document that does not parse (code half typed), the top-level nodes after the
  // cursor may be pieces of the unit being written, up to a stray `}`: they go in too, so
  // that a correct insertion is not blamed for the region's cut-off end.
  if (root.hasError) {
    for (let k = next; k && k.startIndex < offset + ERROR_REACH; k = k.nextSibling) {
      if (k.hasError) end = Math.max(end, k.nextSibling ? k.nextSibling.endIndex : root.endIndex);
    }
  }
  return { start: Math.min(start, offset), end: Math.max(end, offset), prologue };
}

/** What a region must start with to parse on its own (PHP's `<?php`), given the file's first node. */
function prologueFor(first: Node): string {
  return first.type === 'php_tag' ? `${first.text}\n` : '';
}
