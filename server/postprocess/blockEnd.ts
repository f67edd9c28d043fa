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
