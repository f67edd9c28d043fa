/** The line break a document uses: its first one, or `\n`. */
export function detectEol(text: string): '\n' | '\r\n' {
  const nl = text.indexOf('\n');
  // Stryker disable next-line ConditionalExpression,EqualityOperator: for nl <= 0, text[nl - 1] is undefined anyway; the guard only documents it
  return nl > 0 && text[nl - 1] === '\r' ? '\r\n' : '\n';
}

/** A single line rarely needs more tokens than this; a block gets the configured maximum. */
const SINGLE_LINE_TOKENS = 64;

/**
 * The token limit for this kind of position. A single line is not stopped at `\n` by the
 * server: a chat model's answer starts with a fence line, so the stream is ended here at the
 * code's first line break instead (modelAnswer.ts).
 */
export function generationLimits(multiline: boolean, maxTokens: number): { maxTokens: number } {
  return { maxTokens: multiline ? maxTokens : Math.min(maxTokens, SINGLE_LINE_TOKENS) };
}
