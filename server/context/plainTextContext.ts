import { wantsBlock } from './completionShape';

/** What the model sees for one cursor position. */
export interface FimContext {
  prefix: string;
  suffix: string;
  /** True when this position wants a block (several lines), false for the rest of one line. */
  multiline: boolean;
}

export interface ContextBudget {
  prefixTokens: number;
  suffixTokens: number;
}

/** A rough, model-independent estimate; code averages 3 to 4 characters per token. */
export const CHARS_PER_TOKEN = 4;

/**
 * Context from plain text, for any language: the prefix and suffix nearest the cursor,
 * trimmed to the budget at line boundaries so the model never sees half a line at the edge.
 */
export function buildPlainTextContext(text: string, offset: number, budget: ContextBudget): FimContext {
  const prefixChars = budget.prefixTokens * CHARS_PER_TOKEN;
  const suffixChars = budget.suffixTokens * CHARS_PER_TOKEN;

  let prefix = text.slice(Math.max(0, offset - prefixChars), offset);
  if (offset > prefixChars) {
    const firstBreak = prefix.indexOf('\n');
    // Drop the partial first line, unless the cursor's own line is all there is.
    // Stryker disable next-line ConditionalExpression: with no break (-1), slice(0) keeps the prefix as it is anyway
    if (firstBreak >= 0 && firstBreak < prefix.length - 1) prefix = prefix.slice(firstBreak + 1);
  }

  let suffix = text.slice(offset, offset + suffixChars);
  if (offset + suffixChars < text.length) {
    const lastBreak = suffix.lastIndexOf('\n');
    if (lastBreak > 0) suffix = suffix.slice(0, lastBreak + 1);
  }

  return { prefix, suffix, multiline: wantsBlock(text, offset) };
}
