/**
 * Where a multi-line suggestion runs past its block, judged by indentation alone: the
 * first line (after the first) indented less than `blockIndent`. Used where there is no
 * grammar, and to stop a stream early. Closing-bracket and `end` lines are part of the
 * block they close. Returns the index of the first character outside the block.
 */
export function blockEndCut(suggestion: string, blockIndent: number, tabSize = 4): number | undefined {
  let lineStart = suggestion.indexOf('\n') + 1;
  if (lineStart === 0) return undefined;
  for (;;) {
    const nl = suggestion.indexOf('\n', lineStart);
    const line = suggestion.slice(lineStart, nl < 0 ? suggestion.length : nl);
    const content = line.trimStart();
    if (content !== '' && !CLOSER.test(content) && indentWidth(line, tabSize) < blockIndent) {
      return lineStart + line.length - content.length;
    }
    if (nl < 0) return undefined;
    lineStart = nl + 1;
  }
}

/** Lines that close a block rather than start new code after it. */
const CLOSER = /^(?:[}\])]|end\b|fi\b|done\b|esac\b|until\b)/;

/** The width of a line's leading whitespace, a tab counting `tabSize`. */
export function indentWidth(line: string, tabSize = 4): number {
  let width = 0;
  for (const ch of line) {
    if (ch === ' ') width++;
    else if (ch === '\t') width += tabSize - (width % tabSize);
    else break;
  }
  return width;
}

/**
 * The indentation of the nearest line above `offset`, indented less than the cursor's line,
 * that opens a block (ends with `:`, `{`, `(`, `do`...): the header of the block being written.
 */
export function openerIndentAbove(text: string, offset: number, maxLines = 200): number | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const own = text.slice(lineStart, offset).trim() === '' ? indentWidth(text.slice(lineStart, offset)) : indentWidth(text.slice(lineStart));
  let end = lineStart - 1;
  for (let n = 0; n < maxLines && end > 0; n++) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(start, end);
    end = start - 1;
    if (line.trim() === '') continue;
    const width = indentWidth(line);
    if (width < own) return /(?:[:{(\[]|=>|\bdo|\bthen|\bbegin)\s*$/.test(line.replace(/\s+$/, '')) ? width : undefined;
  }
  return undefined;
}
