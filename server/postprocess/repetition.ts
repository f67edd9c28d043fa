/**
 * Cuts degenerate repetition, what small models write when they loop: the same line
 * three or more times in a row, or a short unit with a word in it repeated at the end of
 * the text.
 * Returns the length to keep.
 */
export function repetitionCut(text: string): number {
  const lines = text.split('\n');
  let offset = 0;
  for (let i = 0; i + 2 < lines.length; i++) {
    const line = lines[i].trim();
    // Closing brackets and `end` legitimately repeat in nested code.
    if (line.length >= 4 && !/^[\s)}\];,]*(end)?[\s)}\];,]*$/.test(line) && lines[i + 1].trim() === line && lines[i + 2].trim() === line) {
      return offset + lines[i].length;
    }
    offset += lines[i].length + 1;
  }
  const loop = /(.{1,40}?)\1{5,}$/s.exec(text);
  // A run of one punctuation character (`-----`, `=====`) is a separator line, not a loop.
  if (loop && loop[0].length >= 30 && /\w/.test(loop[1])) return loop.index + loop[1].length;
  return text.length;
}
