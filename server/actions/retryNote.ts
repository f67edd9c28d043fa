/** An earlier attempt, as a fill-in-the-middle model is told about it. */
export interface EarlierAttempt {
  /** What was wrong: its first line says what, the rest is the evidence (test or compiler output). */
  problem: string;
  /** The code that attempt wrote, as it sat in the file (undefined when it wrote none). */
  code?: string;
}

/** Most lines of the earlier code and of the output in a note: the model needs the gist, and its context window is small. */
const MAX_CODE_LINES = 40;
const MAX_OUTPUT_LINES = 30;

/**
 * For a fill-in-the-middle model, which reads only code: comment lines that say what the
 * previous attempt wrote and why it failed, whole (the failing test, the assertion, the
 * traceback), so the next attempt can correct it rather than repeat it. Each line starts
 * with `indent` and the language's line comment; `first` is the first line's own text.
 */
export function retryNoteLines(lineComment: string, indent: string, first: string, earlier: EarlierAttempt): string[] {
  const [, ...output] = earlier.problem.replace(/\r\n?/g, '\n').split('\n');
  const lines = [first];
  const code = earlier.code === undefined ? [] : dedent(earlier.code);
  if (code.length) lines.push('It was:', ...capped(code, MAX_CODE_LINES).map((l) => `    ${l}`));
  const evidence = output.filter((l) => l.trim() !== '');
  if (evidence.length) lines.push('Output:', ...capped(dedent(evidence.join('\n')), MAX_OUTPUT_LINES).map((l) => `    ${l}`));
  return lines.map((l) => `${indent}${lineComment} ${l}`.replace(/\s+$/, ''));
}

function capped(lines: string[], max: number): string[] {
  return lines.length <= max ? lines : [...lines.slice(0, max - 1), `... (${lines.length - max + 1} more lines)`];
}

/** The code's lines without the indentation they share, blank lines at either end dropped. */
function dedent(code: string): string[] {
  const lines = code.replace(/\r\n?/g, '\n').replace(/\s+$/, '').split('\n');
  while (lines.length && lines[0].trim() === '') lines.shift();
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)![0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(Math.min(cut, /^[ \t]*/.exec(l)![0].length)));
}
