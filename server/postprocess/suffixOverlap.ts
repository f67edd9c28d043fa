/** A place where the suggestion starts repeating the suffix. */
export interface OverlapCut {
  /** Index into the suggestion: what follows repeats the suffix. */
  at: number;
  /**
   * The copy runs to the end of the suffix's first line of code (or over lines and 12
   * non-blank characters of it), or copies several of its lines and goes on: that cannot
   * be chance. A weak copy (`l` of `ToolCall`, a lone `}` line the model goes on after) may
   * equally be the model's own text, so only fewer syntax errors justify cutting it.
   */
  strong: boolean;
}

/**
 * Places where a suggestion starts repeating the text after the cursor, earliest first:
 * the rest of the suggestion is the beginning of the suffix (the rest of the line, the
 * closing brackets), or it copies at least one whole non-empty line of the suffix. Only
 * cuts that remove something other than whitespace are offered.
 */
export function suffixOverlapCuts(suggestion: string, suffix: string): OverlapCut[] {
  const cuts: OverlapCut[] = [];
  const firstLine = firstContentLine(suffix);
  const firstLineEnd = firstContentLineEnd(suffix);
  for (let i = 0; i < suggestion.length; i++) {
    const rest = suggestion.slice(i);
    if (rest.trim() === '') break;
    if (suffix.startsWith(rest)) {
      const copy = rest.replace(/\s+$/, '');
      // A copy of a whole short rest of line (`&` of `&&`, `;`) can be the code's own, unless
      // the suggestion ends the line after it or the copy is of whole lines (a `}` line).
      const coversLine = copy.length >= firstLineEnd && (nonBlank(copy) >= 3 || /\n\s*$/.test(rest) || rest.startsWith('\n'));
      // Periodic text (`-----`) repeats itself anyway: there the copy proves nothing.
      const unit = /^(.{1,4}?)\1*$/s.exec(copy)?.[1];
      const periodic = suggestion.slice(0, i).endsWith(unit ?? copy);
      cuts.push({ at: i, strong: !periodic && (coversLine || (rest.includes('\n') && nonBlank(rest) >= 12)) });
      continue;
    }
    // The suggestion goes on past a copy of the suffix's first line(s) of code. Short runs of
    // lines recur in code (`return false;` and `}`, `if x is not None:`): only a long copy is proof.
    if (firstLine > 0 && rest.startsWith(suffix.slice(0, firstLine))) {
      const copied = commonLines(rest, suffix);
      cuts.push({ at: i, strong: copied.split('\n').filter((l) => /\w/.test(l)).length >= LONG_COPY_LINES && nonBlank(copied) >= LONG_COPY });
    }
  }
  return cuts;
}

/** Lines with words, and non-blank characters, of copied whole lines that prove a copy of the suffix. */
const LONG_COPY_LINES = 3;
const LONG_COPY = 48;

/** The whole lines `a` and `b` start with in common. */
function commonLines(a: string, b: string): string {
  let end = 0;
  for (let i = 0; i < a.length && i < b.length && a[i] === b[i]; i++) if (a[i] === '\n') end = i + 1;
  return a.slice(0, end);
}

function nonBlank(s: string): number {
  return s.replace(/\s+/g, '').length;
}

/** Where the code of the suffix's first line with code ends (before trailing blanks and its line break). */
function firstContentLineEnd(suffix: string): number {
  const at = suffix.search(/\S/);
  if (at < 0) return suffix.length;
  const nl = suffix.indexOf('\n', at);
  return suffix.slice(0, nl < 0 ? suffix.length : nl).replace(/\s+$/, '').length;
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

/** A line that only closes brackets: `}`, `});`, `]`, `)`. */
const CLOSING_LINE = /^\s*[)\]}]+[;,]?\s*$/;

/**
 * Where a model that rewrote a piece of code went on into the code after it: the earliest
 * line of the answer from which all the rest is a copy of the start of `after` (the last
 * line may stop part way), and the copy is either long enough not to be chance
 * (`minChars` non-blank characters) or only closing brackets, however short. A copy that
 * later parts from `after` is no run-on, however alike: code repeats (decorators,
 * closing braces, twin methods).
 */
export function copiedSuffixCut(answer: string, after: string, minChars = 12): number | undefined {
  const target = after.replace(/^(\r?\n)+/, '');
  for (let i = 0; i < answer.length; i = answer.indexOf('\n', i) + 1) {
    const rest = answer.slice(i).replace(/^(\r?\n)+/, '').replace(/\s+$/, '');
    if (rest === '') return undefined;
    if (target.startsWith(rest) && (rest.replace(/\s/g, '').length >= minChars || rest.split('\n').every((l) => CLOSING_LINE.test(l)))) return i;
    if (answer.indexOf('\n', i) < 0) break;
  }
  return undefined;
}
