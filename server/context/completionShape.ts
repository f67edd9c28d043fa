/**
 * Whether a position wants a block (several lines) rather than the rest of one line:
 * an empty or whitespace-only line, the start of a line of code (new lines go before
 * it), or the end of a line that opens a block (closing brackets after the cursor
 * allowed). Anything with code after the cursor on its line, or the middle of an
 * expression, gets one line.
 */
export function wantsBlock(text: string, offset: number): boolean {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const nl = text.indexOf('\n', offset);
  const before = text.slice(lineStart, offset);
  // Stryker disable next-line EqualityOperator,Regex: nl is 0 only at offset 0, where `before` is empty and decides; a \r anywhere in `after` is whitespace to both tests below
  const after = text.slice(offset, nl < 0 ? text.length : nl).replace(/\r$/, '');
  if (before.trim() === '') return true;
  // Only closers after the cursor (`{|};`, an editor's auto-pair): the block goes between.
  // Stryker disable next-line ConditionalExpression,MethodExpression,StringLiteral: the trim test is a shortcut; the regex alone accepts whitespace-only `after`
  if (after.trim() !== '' && !/^[\s)\]};,]*$/.test(after)) return false;
  return BLOCK_OPENER.test(before);
}

/** Line endings that open a block: brackets, Python's colon, arrows, and block keywords. */
const BLOCK_OPENER = /(?:[{([:]|=>|->|\b(?:do|then|else|begin))\s*$/;
