import type { Point, Tree } from 'web-tree-sitter';
import type { SyntaxSnapshot } from './documentTrees';
import { countSyntaxErrors, innermostDefinition } from './syntaxQueries';
import { treeEditFor } from './textEdit';

/** What a suggestion does to the document's syntax, judged by re-parsing it in place. */
export interface SpliceCheck {
  baselineErrors: number;
  splice(insertion: string): { errors: number; definitionEnd?: number };
}

/** Regions larger than this are checked by re-parsing the whole document incrementally. */
const MAX_REGION = 200_000;

/**
 * Re-parses the document with an insertion at `offset` (`point` is its row and UTF-16
 * column). Only the top-level declaration around the cursor and the one after it are
 * parsed, from scratch: that costs the same in a file of any size, where an incremental
 * re-parse of a large file can cost as much as parsing it (Python's error recovery).
 * Results are memoised per insertion.
 */
export function spliceCheck(syntax: SyntaxSnapshot, offset: number, point: Point): SpliceCheck {
  const region = regionAround(syntax.tree, offset);
  const { text } = syntax;
  const memo = new Map<string, { errors: number; definitionEnd?: number }>();
  const measure = (tree: Tree | undefined, shift: number) => {
    if (!tree) return { errors: Number.MAX_SAFE_INTEGER };
    try {
      const def = innermostDefinition(syntax.grammar, tree, offset - shift);
      return { errors: countSyntaxErrors(tree), definitionEnd: def && def.end + shift };
    } finally {
      tree.delete();
    }
  };

  let parseWith: (insertion: string) => { errors: number; definitionEnd?: number };
  let baselineErrors: number;
  if (region && region.end - region.start <= MAX_REGION) {
    // A prologue the region cannot parse without (PHP's `<?php`) goes in front of it.
    const prologue = region.prologue;
    const shift = region.start - prologue.length;
    const before = prologue + text.slice(region.start, offset);
    const after = text.slice(offset, region.end);
    parseWith = (insertion) => measure(syntax.parse(before + insertion + after), shift);
    baselineErrors = parseWith('').errors;
  } else {
    parseWith = (insertion) =>
      measure(syntax.reparse(treeEditFor(offset, offset, point, point, insertion), text.slice(0, offset) + insertion + text.slice(offset)), 0);
    baselineErrors = countSyntaxErrors(syntax.tree);
  }
  return {
    baselineErrors,
    splice(insertion) {
      let result = memo.get(insertion);
      if (!result) memo.set(insertion, (result = parseWith(insertion)));
      return result;
    },
  };
}

/** The top-level node around `offset` (or before it) and the next one, with any prologue the file needs. */
function regionAround(tree: Tree, offset: number): { start: number; end: number; prologue: string } | undefined {
  const root = tree.rootNode;
  const children = root.children.filter((c) => c !== null);
  if (children.length === 0) return undefined;
  let i = 0;
  while (i + 1 < children.length && children[i + 1]!.startIndex <= offset) i++;
  const first = children[0]!;
  const prologue = first.type === 'php_tag' ? `${first.text}\n` : '';
  if (prologue && i === 0) return undefined;
  const start = children[i]!.startIndex;
  const end = i + 1 < children.length ? children[i + 1]!.endIndex : root.endIndex;
  return { start: Math.min(start, offset), end: Math.max(end, offset), prologue };
}
