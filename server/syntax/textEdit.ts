import { Edit, type Point } from 'web-tree-sitter';

export type TreeEdit = Edit;

/**
 * The tree-sitter edit that replaces [start, end) with `inserted`, given the points of
 * start and end in the text before the change (UTF-16 offsets and columns).
 */
export function treeEditFor(start: number, end: number, startPosition: Point, oldEndPosition: Point, inserted: string): Edit {
  const lastBreak = inserted.lastIndexOf('\n');
  let newlines = 0;
  for (let i = inserted.indexOf('\n'); i >= 0; i = inserted.indexOf('\n', i + 1)) newlines++;
  const newEndPosition =
    lastBreak < 0
      ? { row: startPosition.row, column: startPosition.column + inserted.length }
      : { row: startPosition.row + newlines, column: inserted.length - lastBreak - 1 };
  return new Edit({ startIndex: start, oldEndIndex: end, newEndIndex: start + inserted.length, startPosition, oldEndPosition, newEndPosition });
}

/** The edit for inserting `inserted` at `offset` of `text` (scans `text` for the point). */
export function insertionEdit(text: string, offset: number, inserted: string): Edit {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  const point = { row, column: offset - lineStart };
  return treeEditFor(offset, offset, point, point, inserted);
}
