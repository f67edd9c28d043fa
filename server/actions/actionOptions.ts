import type { ContextBudget } from '../context/plainTextContext';
import { generateChat, generateFim } from '../models/generate';
import type { ChatMessage, Provider } from '../models/provider';
import type { Snippet } from '../models/snippets';

/** How a code action asks the model and checks what it wrote (the `actions.*` settings, resolved). */
export interface ActionOptions {
  provider: Provider;
  mode: 'fim' | 'chat';
  maxAttempts: number;
  maxTokens: number;
  temperature: number;
  timeoutMs: number;
  budget: ContextBudget;
  /** The user's check command for this language, and the file it checks, if any. */
  check?: { argv: string[]; originalPath: string; timeoutMs: number };
  signal: AbortSignal;
  onAttempt?: (attempt: number, of: number) => void;
  log: (message: string) => void;
}

/** Asks the action's model with a chat, or to fill in between `prefix` and `suffix`; resolves to its whole answer. */
export async function askModel(
  options: ActionOptions,
  question: { messages: ChatMessage[] } | { prefix: string; suffix: string; snippets: Snippet[]; lineComment?: string },
): Promise<string> {
  const sampling = { maxTokens: options.maxTokens, temperature: options.temperature };
  const limits = { timeoutMs: options.timeoutMs, timeoutSetting: 'infill.actions.timeoutMs', signal: options.signal };
  const outcome =
    'messages' in question
      ? await generateChat(options.provider, { messages: question.messages, ...sampling }, limits)
      : await generateFim(options.provider, { ...question, stop: [], ...sampling }, limits);
  return outcome.text;
}
