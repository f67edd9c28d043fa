import { pastBlockEnd } from './blockEnd';
import { cutAtControlToken, reachedControlToken } from './controlTokens';
import { readFence } from './fencedAnswer';
import { finalizeSuggestion, type SuggestionContext } from './finalizeSuggestion';

/** What is known about a cursor position before the model answers. */
export interface AnswerShape extends Omit<SuggestionContext, 'lastLineIncomplete'> {
  /** Indentation of the header the cursor's code belongs to: a line at or left of it may end the unit. */
  headerIndent?: number;
  /** The user's `completion.stop` strings. */
  userStops: readonly string[];
}

/** How a stream ended. */
export interface StreamEnd {
  /** `isComplete` stopped it. */
  stoppedEarly: boolean;
  /** The model hit its token limit. */
  truncated: boolean;
}

/** What is inserted at the cursor for a model's whole answer (empty: nothing worth offering). */
export function suggestionFromAnswer(raw: string, shape: AnswerShape, end: StreamEnd): string {
  const { code, lastLineIncomplete } = answerCode(raw, shape, end);
  return finalizeSuggestion(code, { ...shape, lastLineIncomplete });
}

/**
 * The code in a model's answer: before any control token, inside a wrapper fence, and
 * whether its last line may be cut off mid-way (so post-processing drops it): at the token
 * limit, or where the stream was stopped at the start of a line past the unit.
 */
export function answerCode(raw: string, shape: AnswerShape, end: StreamEnd): { code: string; lastLineIncomplete: boolean } {
  const text = cutAtControlToken(raw, shape.userStops).replace(/\r\n?/g, '\n');
  // Ended by a control token after the code (echoed markers before it shorten the text too, but end nothing).
  const ended = reachedControlToken(raw, shape.userStops);
  const fence = readFence(text, true);
  if (fence.state === 'closed') return { code: fence.code, lastLineIncomplete: false };
  // A chat model closes its fence: one left open is a wrapper only when the answer was cut short.
  const cutShort = !ended && (end.truncated || (end.stoppedEarly && shape.multiline));
  if (fence.state === 'open' && cutShort) return { code: fence.code, lastLineIncomplete: true };
  const stoppedAtBlockEnd = end.stoppedEarly && !ended && shape.multiline;
  return { code: text, lastLineIncomplete: !ended && (end.truncated || stoppedAtBlockEnd) };
}

/**
 * Whether a streamed answer has said all that will be used: a control token; the end of a
 * wrapper fence; for one line, its line break; for a block, a line that starts past the unit
 * the cursor is writing, judged by the tree where there is one (indentation only picks the
 * lines worth asking it about). Tokens not generated cost nothing.
 */
export function answerComplete(partial: string, shape: AnswerShape): boolean {
  if (reachedControlToken(partial, shape.userStops)) return true;
  let code = partial.replace(/\r\n?/g, '\n');
  const fence = readFence(code, false);
  if (fence.state === 'closed') return true;
  if (fence.state === 'undecided') return false;
  if (fence.state === 'open') {
    // One line waits for the closing fence that proves the wrapper; a block is judged on
    // its complete lines (the unfinished one may be the closing fence).
    if (!shape.multiline) return false;
    code = fence.code.slice(0, fence.code.lastIndexOf('\n') + 1);
  }
  if (!shape.multiline) return code.includes('\n');
  return pastBlockEnd(code, shape.headerIndent, shape.splice);
}

