import { describe, expect, it } from 'vitest';
import { wantsBlock } from '../../server/context/completionShape';

/**
 * Whether a position wants a block or the rest of one line. Each case marks the cursor
 * with █ and gives the answer.
 */
describe('wantsBlock', () => {
  it.each([
    // An empty or whitespace-only line, or the start of a line of code.
    ['empty document', '█', true],
    ['blank line', 'x = 1\n    █\ny = 2', true],
    ['start of a line of code', 'x = 1\n█y = 2\n', true],
    // The end of a line that opens a block; the opener may be followed by spaces.
    ['after a brace', 'function f() {█\n}', true],
    ['after a brace and spaces', 'function f() {  █\n}', true],
    ['after a python colon', 'def f():█\n', true],
    ['after an arrow', 'const f = () =>█', true],
    ['after a rust arrow and a space', 'fn f() -> █', true],
    ['after then', 'if x then█', true],
    ['after do, at the end of the text', 'items.each do█', true],
    ['after an open paren with no newline after it', 'print(█', true],
    // Closers after the cursor are an editor's auto-pair: the block goes between them.
    ['closers after the cursor', 'f(() => {█});', true],
    ['closers and spaces after the cursor', 'f(() => {█ }) ;', true],
    ['a carriage return at the line end', 'foo(█\r\nbar', true],
    // The end of a line that opens nothing, or code after the cursor, gets one line.
    ['end of a plain line', 'x = 1█\ny = 2', false],
    ['end of the text on a plain line', 'x = 1█', false],
    ['end of a plain line before a carriage return', 'x = 1█\r\n', false],
    ['code after the cursor', 'print(█x', false],
    ['code after the cursor before a newline', 'print(█x)\n', false],
    ['a closer then code after the cursor', 'f(() => {█}) + 1', false],
    ['an opener earlier on the line, not at its end', 'if (a) x█', false],
    ['an opener followed by a word', 'foo(x█', false],
    ['a keyword inside a word', 'redo█', false],
    ['mid-expression', 'total = a + █', false],
  ])('%s', (_name, marked, expected) => {
    const offset = marked.indexOf('█');
    expect(wantsBlock(marked.replace('█', ''), offset)).toBe(expected);
  });
});
