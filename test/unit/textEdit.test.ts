import { describe, expect, it } from 'vitest';
import { insertionEdit, treeEditFor } from '../../server/syntax/textEdit';

/** The tree-sitter edits built for a replacement or an insertion: indices and points. */
function plain(e: ReturnType<typeof treeEditFor>) {
  return {
    startIndex: e.startIndex,
    oldEndIndex: e.oldEndIndex,
    newEndIndex: e.newEndIndex,
    startPosition: e.startPosition,
    oldEndPosition: e.oldEndPosition,
    newEndPosition: e.newEndPosition,
  };
}

describe('treeEditFor', () => {
  it.each([
    ['one line inserted moves the column', 'abc', { row: 1, column: 5 }],
    ['nothing inserted leaves the end at the start', '', { row: 1, column: 2 }],
    ['text with breaks ends on the row of its last break, at its last line length', 'x\ny\nzz', { row: 3, column: 2 }],
    ['a break first counts as a row', '\nab', { row: 2, column: 2 }],
    ['a break last ends at column 0', 'ab\n', { row: 2, column: 0 }],
  ])('%s', (_name, inserted, newEndPosition) => {
    const edit = treeEditFor(7, 10, { row: 1, column: 2 }, { row: 1, column: 5 }, inserted);
    expect(plain(edit)).toEqual({
      startIndex: 7,
      oldEndIndex: 10,
      newEndIndex: 7 + inserted.length,
      startPosition: { row: 1, column: 2 },
      oldEndPosition: { row: 1, column: 5 },
      newEndPosition,
    });
  });
});

describe('insertionEdit', () => {
  it.each([
    ['at the very start', 'ab\ncd', 0, { row: 0, column: 0 }],
    ['on the first line', 'ab\ncd', 2, { row: 0, column: 2 }],
    ['at the start of the second line', 'ab\ncd', 3, { row: 1, column: 0 }],
    ['inside the second line', 'ab\ncd', 4, { row: 1, column: 1 }],
    ['after a leading break', '\nab\ncd', 2, { row: 1, column: 1 }],
    ['on a break (the break is still on its line)', '\nab\ncd', 3, { row: 1, column: 2 }],
    ['at the end of the text', '\nab\ncd', 6, { row: 2, column: 2 }],
  ])('%s', (_name, text, offset, point) => {
    const edit = insertionEdit(text, offset, 'x\nyz');
    expect(plain(edit)).toEqual({
      startIndex: offset,
      oldEndIndex: offset,
      newEndIndex: offset + 4,
      startPosition: point,
      oldEndPosition: point,
      newEndPosition: { row: point.row + 1, column: 2 },
    });
  });
});
