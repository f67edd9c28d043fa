import { generateChat, generateFim } from '../models/generate';
import type { ChatMessage } from '../models/provider';
import type { Snippet } from '../models/snippets';
import { cutAtControlToken, reachedControlToken } from '../postprocess/controlTokens';
import type { ActionOptions } from './actionOptions';

/** Asks the action's model with a chat, or to fill in between `prefix` and `suffix`; resolves to its whole answer, up to the first control token (`<|file_sep|>`, `<|im_end|>`, ...). */
export async function askModel(
  options: ActionOptions,
  question: { messages: ChatMessage[] } | { prefix: string; suffix: string; snippets: Snippet[]; lineComment?: string },
): Promise<string> {
  const sampling = { maxTokens: options.maxTokens, temperature: options.temperature };
  const limits = {
    timeoutMs: options.timeoutMs,
    timeoutSetting: 'infill.actions.timeoutMs',
    signal: options.signal,
    isComplete: (text: string) => reachedControlToken(text),
  };
  const outcome =
    'messages' in question
      ? await generateChat(options.provider, { messages: question.messages, ...sampling }, limits)
      : await generateFim(options.provider, { ...question, stop: [], ...sampling }, limits);
  // Servers may ignore the stop strings; what follows a control token is never part of the answer.
  return cutAtControlToken(outcome.text);
}
