// The stop strings of a fill-in-the-middle request, for every backend: what the caller asks
// for (one line's '\n', the user's `completion.stop`) plus the control tokens of the model's
// family. Servers stop on their own end-of-generation tokens too, but not on every one of
// them (a GGUF without FIM metadata, a server that decodes special tokens as text), and a
// model that wrote `<|file_sep|>` goes on with another file that must never reach the buffer.

import { FIM_TEMPLATES, familyFromModelName, type FimFamily, type FimTemplate } from './fimTemplates';

/**
 * Stop strings that are also ordinary text: HTML's strikethrough tags `<s>` and `</s>`
 * (Llama's and Mistral's BOS and EOS) and `<PRE>` (CodeLlama's prefix marker; HTML tags are
 * case-insensitive). They are sent only to a model known to use them, and never cut locally.
 */
const AMBIGUOUS: ReadonlySet<string> = new Set(['<s>', '</s>', '<PRE>']);

/** Every family's control tokens, without the ambiguous ones: what any FIM model may write when it leaves the hole. */
export const CONTROL_TOKENS: readonly string[] = Object.freeze(
  [...new Set(Object.values(FIM_TEMPLATES).flatMap((t) => t.stop))].filter((t) => !AMBIGUOUS.has(t)),
);

/** The family a request goes to: the raw template's, else the one the model's name tells (native mode); undefined when unknown. */
export function requestFamily(template: FimTemplate | undefined, modelName: string): FimFamily | undefined {
  return template?.family ?? familyFromModelName(modelName);
}

/**
 * The stop strings to send: the caller's first (they may be what ends the answer sooner),
 * then the family's control tokens, or every family's when the family is unknown. Never
 * empty, without duplicates, in a new array (callers may add to it).
 */
export function fimStops(family: FimFamily | undefined, requested: readonly string[]): string[] {
  const control = family ? FIM_TEMPLATES[family].stop : CONTROL_TOKENS;
  return [...new Set([...requested.filter((s) => s !== ''), ...control])];
}
