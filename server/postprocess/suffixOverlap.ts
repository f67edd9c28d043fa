/**
 * Places where a suggestion starts repeating the text after the cursor, earliest first:
 * the rest of the suggestion is the beginning of the suffix (the rest of the line, the
 * closing brackets), or it copies at least one whole non-empty line of the suffix. Only
 * cuts that remove something other than whitespace are offered.
 */
export function suffixOverlapCuts(suggestion: string, suffix: string): number[] {
  const cuts: number[] = [];
  const firstLine = firstContentLine(suffix);
  for (let i = 0; i < suggestion.length; i++) {
    const rest = suggestion.slice(i);
    if (rest.trim() === '') break;
    if (suffix.startsWith(rest)) {
      cuts.push(i);
      continue;
    }
    // The suggestion continues past a copy of the suffix's first line(s).
    if (firstLine > 0 && rest.startsWith(suffix.slice(0, firstLine))) cuts.push(i);
  }
  return cuts;
}

/** Length of the suffix through its first line that has code, including that line's break. */
function firstContentLine(suffix: string): number {
  let start = 0;
  for (;;) {
    const nl = suffix.indexOf('\n', start);
    const line = suffix.slice(start, nl < 0 ? suffix.length : nl);
    if (line.trim() !== '') return nl < 0 ? 0 : nl + 1; // an unterminated last line is covered by startsWith(rest)
    if (nl < 0) return 0;
    start = nl + 1;
  }
}

/**
 * The earliest place where the suggestion copies the start of the suffix through enough
 * of it (`minChars` non-blank characters, or all of a shorter suffix) that it cannot be
 * chance: a closing brace alone is not enough.
 */
export function strongOverlapCut(suggestion: string, suffix: string, minChars = 12): number | undefined {
  let need = 0;
  let seen = 0;
  while (need < suffix.length && seen < minChars) {
    if (!/\s/.test(suffix[need])) seen++;
    need++;
  }
  // Through the end of that line, so a copy is recognised by whole lines.
  const lineEnd = suffix.indexOf('\n', need);
  const probe = suffix.slice(0, lineEnd < 0 ? suffix.length : lineEnd);
  if (probe.trim() === '') return undefined;
  // A short suffix (the end of the file) counts only when the suggestion ends with its copy.
  const short = seen < minChars;
  for (let i = 0; i < suggestion.length; i++) {
    const rest = suggestion.slice(i);
    if (rest.trim() === '') break;
    if (short ? suffix.startsWith(rest) && rest.trim().length >= probe.trim().length : rest.startsWith(probe)) return i;
  }
  return undefined;
}
