/** The line break a document uses: its first one, or `\n`. */
export function detectEol(text: string): '\n' | '\r\n' {
  const nl = text.indexOf('\n');
  return nl > 0 && text[nl - 1] === '\r' ? '\r\n' : '\n';
}

/** A single line rarely needs more tokens than this; a block gets the configured maximum. */
const SINGLE_LINE_TOKENS = 64;

/** Model stop strings and token limit for this kind of position. */
export function generationLimits(multiline: boolean, maxTokens: number): { stop: string[]; maxTokens: number } {
  return multiline ? { stop: [], maxTokens } : { stop: ['\n'], maxTokens: Math.min(maxTokens, SINGLE_LINE_TOKENS) };
}
