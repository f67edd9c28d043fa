// A model's control tokens never reach the buffer. Stop strings are sent with every request
// (models/stopSequences.ts), but servers may ignore them and the family may be unknown, so
// the answer is cut here as well: everything from the first control token on is another
// file, another turn or padding, never code for this hole.

import { CONTROL_TOKENS } from '../models/stopSequences';

/**
 * Where an answer ends: each control token. CodeLlama's decode as ` <EOT>` (`▁<EOT>`), but the
 * space before one is kept: it may be the model's own, and a server that honours the stop
 * keeps it too; trailing blanks at a line's end are dropped later anyway.
 */
const CUT_AT: readonly string[] = CONTROL_TOKENS;

/**
 * Tokens a model may echo from its prompt before the code: the FIM markers (the prompt ends
 * with one) and DeepSeek's BOS. An answer that starts with one keeps the code after it; an
 * answer that starts with an end token (`<|endoftext|>`, `<|file_sep|>`) has no code.
 */
const ECHOED: readonly string[] = [
  '<|fim_prefix|>', '<|fim_suffix|>', '<|fim_middle|>',
  '<fim_prefix>', '<fim_suffix>', '<fim_middle>',
  '<｜begin▁of▁sentence｜>', '<｜fim▁begin｜>', '<｜fim▁hole｜>', '<｜fim▁end｜>',
  '[PREFIX]', '[SUFFIX]',
  ' <SUF>', '<SUF>', ' <MID>', '<MID>',
];

/** Where the code starts: after the FIM markers echoed at the very start. */
function codeStart(text: string): number {
  let start = 0;
  for (;;) {
    const echoed = ECHOED.find((t) => text.startsWith(t, start));
    if (echoed === undefined) return start;
    start += echoed.length;
  }
}

/** The first position at or after `from` where a control token or one of `stops` begins; -1 when none. */
function firstStop(text: string, from: number, stops: readonly string[]): number {
  let first = -1;
  for (const stop of [...CUT_AT, ...stops]) {
    if (stop === '') continue;
    const at = text.indexOf(stop, from);
    // Stryker disable next-line EqualityOperator: `at <= first` only re-assigns the same position
    if (at >= 0 && (first < 0 || at < first)) first = at;
  }
  return first;
}

/**
 * The code of a model's answer: the FIM markers it echoed at the very start dropped, then
 * everything before the first control token of any family, or the first of `userStops`
 * (the user's `completion.stop`), anywhere after that. `<s>`, `</s>` and `<PRE>` are HTML as
 * well as tokens, and are never cut at.
 */
export function cutAtControlToken(text: string, userStops: readonly string[] = []): string {
  const start = codeStart(text);
  const end = firstStop(text, start, userStops);
  return text.slice(start, end < 0 ? text.length : end);
}

/**
 * While streaming: whether a control token (or one of `userStops`) has appeared after the
 * echoed markers. Nothing after it is ever used, so the stream can stop there.
 */
export function reachedControlToken(partial: string, userStops: readonly string[] = []): boolean {
  return firstStop(partial, codeStart(partial), userStops) >= 0;
}
