import type { Node, Point, Tree } from 'web-tree-sitter';
import type { SyntaxSnapshot } from './documentTrees';
import { countSyntaxErrors, countSyntaxErrorsIn } from './syntaxQueries';
import { insertionEdit, treeEditFor } from './textEdit';
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
  /** Frees the region's tree that each check's parse reuses. */
  dispose(): void;
}

/** How far after the cursor a broken document's region reaches to take in the rest of its unit. */
const ERROR_REACH = 20_000;

/** Regions larger than this are checked by re-parsing the whole document incrementally. */
const MAX_REGION = 200_000;

/**
 * Re-parses the document with an insertion at `offset` (`point` is its row and UTF-16
 * column). Only the top-level declaration around the cursor and the one after it are
 * parsed: that costs the same in a file of any size, where an incremental re-parse of a
 * large file can cost as much as parsing it (Python's error recovery). The region is parsed
 * once as it is; each insertion re-parses it from that tree, edited (half the time of a
 * parse from scratch: the units' parts away from the cursor are reused).
 * `errors` counts the errors an insertion adds (0 when it removes some). Results are
 * memoised per insertion. Without `unitEnds` (a one-line suggestion), `unitEnd` is never set.
 */
export function spliceCheck(syntax: SyntaxSnapshot, offset: number, point: Point, options: { unitEnds?: boolean } = {}): SpliceCheck {
  // `unitEnds: false`: errors only (one line's check), without the definitions query unitEnd asks.
  const unitEnds = options.unitEnds ?? true;
  const region = regionAround(syntax.tree, offset, syntax.text);
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
  let dispose = (): void => undefined;
  if (region && region.end - region.start <= MAX_REGION) {
    // What the region cannot parse without goes around it: PHP's `<?php` in front; the
    // header and the closing of a large unit whose members around the cursor are the region.
    const { prologue, epilogue } = region;
    const shift = region.start - prologue.length;
    const before = prologue + text.slice(region.start, offset);
    const after = text.slice(offset, region.end) + epilogue;
    // The cursor's point within the region's text (tree-sitter wants it; the checks read offsets only).
    // Stryker disable next-line all: positions only, which no check reads
    const at = insertionEdit(before, before.length, '').startPosition;
    // The region as it is: parsed by prepare(), or on first use; null where it gave no tree.
    let regionTree: Tree | null | undefined;
    const asItIs = (): Tree | null => (regionTree === undefined ? (regionTree = syntax.parse(before + after) ?? null) : regionTree);
    const inRegion = (insertion: string) => {
      const spliced = before + insertion + after;
      const old = asItIs()?.copy();
      old?.edit(treeEditFor(before.length, before.length, at, at, insertion));
      try {
        return measure(syntax.parse(spliced, old), shift, spliced, insertion.length);
      } finally {
        old?.delete();
      }
    };
    const broken = syntax.tree.rootNode.hasError;
    let regionBaseline: number | undefined; // counted once, on the region as it is
    const baseline = (): number => {
      const tree = asItIs();
      return (regionBaseline ??= tree ? countSyntaxErrors(tree) : Number.MAX_SAFE_INTEGER);
    };
    prepare = () => void asItIs();
    dispose = () => {
      regionTree?.delete();
      regionTree = null;
    };
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
    dispose: () => dispose(),
  };
}

/** A top-level unit larger than this is checked by its members around the cursor (a class that holds the file). */
const LARGE_UNIT = 16_000;

/** A region of the document, parsed on its own with `prologue` in front and `epilogue` after it. */
interface Region {
  start: number;
  end: number;
  prologue: string;
  epilogue: string;
}

/**
 * The top-level node around `offset` (or before it) and the next one, with any prologue the
 * file needs. Found from the cursor with `firstChildForIndex` and siblings: a file with
 * thousands of top-level nodes is never listed whole. In a large unit, its members around
 * the cursor instead (`membersAround`).
 */
function regionAround(tree: Tree, offset: number, text: string): Region | undefined {
  const root = tree.rootNode;
  const first = root.firstChild;
  if (!first) return undefined;
  // The last top-level node that starts at or before the offset (else the first).
  let at = root.firstChildForIndex(offset) ?? root.lastChild!;
  if (at.startIndex > offset && at.previousSibling) at = at.previousSibling;
  const prologue = prologueFor(first);
  if (prologue && at.equals(first)) return undefined;
  // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator,ArithmeticOperator: speed only: in a unit that is not large, membersAround finds its body as the member and gives up
  if (!prologue && at.endIndex - at.startIndex > LARGE_UNIT) {
    const members = membersAround(tree, at, offset, text);
    if (members) return members;
  }
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
  return { start: Math.min(start, offset), end: Math.max(end, offset), prologue, epilogue: '' };
}

/**
 * Within a large top-level unit: the member around the cursor and the next one (a class's
 * methods, a long function's statements), found at the deepest level whose member around
 * the cursor is not itself large. They are parsed between the unit's text before its first
 * member (its header: `class A(TestCase):`, `export class A {`) and after its last (the
 * closing `}`), so that they parse as within the unit; the members left out parse on their
 * own and add nothing. Only where the unit has no errors but in that member (the one being
 * written): a broken unit's members cannot be told apart.
 */
function membersAround(tree: Tree, at: Node, offset: number, text: string): Region | undefined {
  let body = at;
  let member: Node;
  for (;;) {
    // The named child around the cursor, or the last one before it.
    let child = body.firstNamedChildForIndex(offset) ?? body.lastNamedChild;
    if (child && child.startIndex > offset) child = child.previousNamedSibling;
    if (!child) return undefined;
    if (child.endIndex - child.startIndex <= LARGE_UNIT) {
      member = child;
      break;
    }
    // A large child the cursor is after: only where nothing but blanks come between (a new
    // method at the end of a class whose body ends at its last statement), its last member.
    if (child.endIndex < offset && (child.nextNamedSibling || text.slice(child.endIndex, offset).trim() !== '')) return undefined;
    body = child;
  }
  // The parts of one statement or declaration (a function's name, parameters and body) are no units.
  if (body.equals(at)) return undefined;
  if (at.hasError && countSyntaxErrorsIn(tree, at.startIndex, at.endIndex) !== countSyntaxErrorsIn(tree, member.startIndex, member.endIndex)) return undefined;
  const next = member.nextNamedSibling;
  const end = Math.max(next ? next.endIndex : member.endIndex, offset);
  return {
    start: member.startIndex,
    end,
    prologue: text.slice(at.startIndex, body.firstNamedChild!.startIndex),
    epilogue: text.slice(Math.max(end, body.lastNamedChild!.endIndex), at.endIndex),
  };
}

/** What a region must start with to parse on its own (PHP's `<?php`), given the file's first node. */
function prologueFor(first: Node): string {
  return first.type === 'php_tag' ? `${first.text}\n` : '';
}
