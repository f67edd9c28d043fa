import { blockEnd } from './blockEnd';
import { detectEol } from './completionText';
import { detectIndentStyle, needsNormalizing, normalizeIndentation, type IndentStyle } from './indentation';
import { repetitionCut } from './repetition';
import { suffixOverlapCuts } from './suffixOverlap';
import type { SpliceResult } from '../syntax/spliceCheck';

export type { SpliceResult };

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
  /**
   * The answer's last line may be cut off mid-way (the token limit, or a stream stopped at
   * the start of a line past the unit): it is dropped, unless it is the only line.
   */
  lastLineIncomplete?: boolean;
}

/** How far around the cursor (characters) the indentation style is read. */
const STYLE_WINDOW = 6_000;

/** How many shorter versions are re-parsed, at most, when cutting back to valid code. */
const MAX_CUT_BACK_TRIES = 6;

/**
 * From the code a model wrote to what is inserted at the cursor: one line, or a block that
 * ends where the unit the cursor is writing ends (decided by the tree where there is one);
 * no repetition of the text after the cursor; no loops; the document's indentation and line
 * breaks; and, re-parsed in place, no syntax errors the document did not have (cut back to
 * the last complete line, or dropped). An answer that is exactly the missing code comes back
 * unchanged: every cut must be justified by the tree or by a copy of the suffix.
 */
export function finalizeSuggestion(raw: string, ctx: SuggestionContext): string {
  const { text, offset, splice } = ctx;
  const eol = detectEol(text);
  const suffix = text.slice(offset).replace(/\r\n/g, '\n');
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const linePrefix = text.slice(lineStart, offset);
  const restOfLine = /^[^\n]*/.exec(suffix)![0];
  // The style of the code around the cursor: files mix them (a tab-indented function below space-indented data).
  const style = indentStyleAt(text, lineStart, offset);
  // The line break before a block's end belongs to the suffix when it starts with one.
  const endAt = (s: string, cut: number) => (/^[ \t]*(\n|$)/.test(suffix) ? s.slice(0, cut).replace(/\s+$/, '') : s.slice(0, cut));

  let t = raw.replace(/\r\n?/g, '\n');
  if (ctx.lastLineIncomplete && t.includes('\n')) t = t.slice(0, t.lastIndexOf('\n'));
  // One line the model ended itself: a copy of the whole rest of the line at its end is a copy.
  const lineClosed = !ctx.multiline && t.includes('\n');
  if (!ctx.multiline) t = t.split('\n')[0];
  t = t.slice(0, repetitionCut(t));
  if (ctx.multiline) {
    const end = blockEnd(t, { splice, linePrefix, tabSize: style.unit });
    if (end !== undefined) t = endAt(t, end);
    if (style.known && needsNormalizing(t, style)) t = normalizeIndentation(t, style);
  }

  // The suffix already holds this line's break: the suggestion must not add one.
  if (/^[ \t]*(\n|$)/.test(suffix)) t = t.replace(/\s+$/, '');

  // At the start of a line of code, new lines may go above it: then the code keeps a line of its own.
  const beforeCode = ctx.multiline && linePrefix.trim() === '' && restOfLine.trim() !== '';
  const variants = (s: string) => (beforeCode && s.trim() !== '' && !/\n[ \t]*$/.test(s) ? [s, `${s}\n${linePrefix}`] : [s]);

  // Candidates in order of preference: strong copies of the suffix cut, the answer as it is,
  // then weak copies cut (the least removed first).
  const cuts = suffixOverlapCuts(t, suffix).map((c) => (lineClosed && t.slice(c.at) === restOfLine.trimEnd() ? { ...c, strong: true } : c));
  const strong = cuts.filter((c) => c.strong).map((c) => t.slice(0, c.at));
  const weak = cuts.filter((c) => !c.strong).map((c) => t.slice(0, c.at)).reverse();
  if (!splice) {
    // Without a tree, a weak copy is cut only when it is closing punctuation the suffix has.
    const closing = weak.find((w) => /^[\s)\]};,]+$/.test(t.slice(w.length)));
    t = strong[0] ?? closing ?? t;
  } else {
    const options = [...strong, t, ...weak].flatMap(variants);
    // An option that adds no error cannot be beaten (errors are added ones, never below 0): the rest are not parsed.
    const errors: number[] = [];
    for (const o of options) {
      errors.push(splice(o).errors);
      // Stryker disable next-line ConditionalExpression,EqualityOperator: speed only: the first option with the fewest errors is taken either way
      if (errors[errors.length - 1] === 0) break;
    }
    const best = Math.min(...errors);
    const base = ctx.baselineErrors ?? 0;
    if (best <= base) t = options[errors.indexOf(best)];
    else t = cutBackToValid(t, (s) => splice(s).errors <= base, variants);
  }
  // Blanks within the line can be the exact answer; blank lines alone are not worth offering.
  if (t.trim() === '' && (t === '' || t.includes('\n'))) return '';
  return eol === '\r\n' ? t.replace(/\n/g, '\r\n') : t;
}

/**
 * The indentation style of the code around the cursor (files mix them: a tab-indented
 * function below space-indented data), the cursor's own indentation first.
 */
function indentStyleAt(text: string, lineStart: number, offset: number): IndentStyle {
  const style = detectIndentStyle(text.slice(Math.max(0, lineStart - STYLE_WINDOW), offset + STYLE_WINDOW / 2));
  const own = text.slice(lineStart, offset);
  if (own === '' || own.trim() !== '') return style;
  return { ...style, useTabs: own.includes('\t'), known: true };
}

function cutBackToValid(t: string, ok: (s: string) => boolean, variants: (s: string) => string[]): string {
  let end = t.length;
  for (let tries = 0; tries < MAX_CUT_BACK_TRIES; tries++) {
    end = t.lastIndexOf('\n', end - 1);
    if (end <= 0) return '';
    const candidate = variants(t.slice(0, end).replace(/\s+$/, '')).find((v) => v.trim() !== '' && ok(v));
    if (candidate !== undefined) return candidate;
  }
  return '';
}
