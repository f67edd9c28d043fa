import { blockEndCut, indentWidth } from './blockEnd';
import { detectEol } from './completionText';
import { detectIndentStyle, normalizeIndentation } from './indentation';
import { repetitionCut } from './repetition';
import { suffixOverlapCuts } from './suffixOverlap';

/** The document re-parsed with a suggestion spliced in at the cursor. */
export interface SpliceResult {
  /** ERROR and MISSING nodes in the spliced document. */
  errors: number;
  /** Where (in the spliced text) the innermost definition around the cursor ends, if any. */
  definitionEnd?: number;
}

/** What post-processing knows about the position a suggestion is for. */
export interface SuggestionContext {
  /** The whole document. */
  text: string;
  offset: number;
  multiline: boolean;
  /** Re-parses the document with `insertion` at the cursor; absent for languages without a grammar. */
  splice?: (insertion: string) => SpliceResult;
  /** Syntax errors the document has now. */
  baselineErrors?: number;
}

/** How many shorter versions are re-parsed, at most, when cutting back to valid code. */
const MAX_CUT_BACK_TRIES = 6;

/**
 * From what the model wrote to what is inserted at the cursor: one line, or a block that
 * ends where the definition around the cursor ends; no repetition of the text after the
 * cursor; no loops; the document's indentation and line breaks; and, re-parsed in place,
 * no syntax errors the document did not have (cut back to the last complete line, or dropped).
 */
export function finalizeSuggestion(raw: string, ctx: SuggestionContext): string {
  const { text, offset, splice } = ctx;
  const eol = detectEol(text);
  const suffix = text.slice(offset).replace(/\r\n/g, '\n');
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const linePrefix = text.slice(lineStart, offset);
  const restOfLine = /^[^\n]*/.exec(suffix)![0];
  const style = detectIndentStyle(text);
  // The line break before a block's end belongs to the suffix when it starts with one.
  const endAt = (s: string, cut: number) => (/^[ \t]*(\n|$)/.test(suffix) ? s.slice(0, cut).replace(/\s+$/, '') : s.slice(0, cut));

  let t = raw.replace(/\r\n?/g, '\n');
  if (!ctx.multiline) t = t.split('\n')[0];
  t = t.slice(0, repetitionCut(t));
  if (ctx.multiline) {
    const definitionEnd = splice?.(t).definitionEnd;
    if (definitionEnd !== undefined && definitionEnd - offset < t.length) t = endAt(t, Math.max(0, definitionEnd - offset));
    else if (!splice && linePrefix !== '' && linePrefix.trim() === '') {
      const cut = blockEndCut(t, indentWidth(linePrefix, style.unit), style.unit);
      if (cut !== undefined) t = endAt(t, cut);
    }
    if (style.known) t = normalizeIndentation(t, style);
  }

  // Code after the cursor on its line stays on a line of its own below the new lines.
  const beforeCode = ctx.multiline && linePrefix.trim() === '' && restOfLine.trim() !== '';
  const complete = (s: string) => (beforeCode && s.trim() !== '' && !/\n[ \t]*$/.test(s) ? `${s}\n${linePrefix}` : s);

  // Mid-line, the suffix already holds this line's break: the suggestion must not add one.
  if (linePrefix !== '' && /^[ \t]*(\n|$)/.test(suffix)) t = t.replace(/\s+$/, '');

  // Candidates: each place the suggestion starts repeating the suffix, then all of it.
  const options = [...suffixOverlapCuts(t, suffix).map((c) => complete(t.slice(0, c))), complete(t)];
  if (!splice) {
    t = options[0];
  } else {
    // Re-parse each in place: the fewest syntax errors wins, the shortest among equals.
    const errors = options.map((o) => splice(o).errors);
    const best = Math.min(...errors);
    const base = ctx.baselineErrors ?? 0;
    if (best <= base) t = options[errors.indexOf(best)];
    else t = cutBackToValid(options[options.length - 1], (s) => splice(s).errors <= base, complete);
  }
  if (t.trim() === '') return '';
  return eol === '\r\n' ? t.replace(/\n/g, '\r\n') : t;
}

/**
 * Whether a streamed, still incomplete suggestion has said all it should: one line is
 * done at its line break; a block once a line starts at or left of the header of the
 * definition it is in (`definitionIndent`). Tokens not generated cost nothing.
 */
export function streamComplete(partial: string, multiline: boolean, definitionIndent: number | undefined): boolean {
  if (!multiline) return partial.includes('\n');
  if (definitionIndent === undefined) return false;
  return blockEndCut(partial.replace(/\r\n?/g, '\n'), definitionIndent + 1) !== undefined;
}

function cutBackToValid(t: string, ok: (s: string) => boolean, complete: (s: string) => string): string {
  let end = t.length;
  for (let tries = 0; tries < MAX_CUT_BACK_TRIES; tries++) {
    end = t.lastIndexOf('\n', end - 1);
    if (end <= 0) return '';
    const candidate = complete(t.slice(0, end).replace(/\s+$/, ''));
    if (candidate.trim() !== '' && ok(candidate)) return candidate;
  }
  return '';
}
