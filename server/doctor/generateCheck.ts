// The end-to-end check: one tiny request through the same provider the server uses, so
// that whatever the earlier checks missed (templates, stop tokens, auth) shows up here.
import type { Settings } from '../config/settings';
import { createProvider } from '../models/createProvider';
import { generateChat, generateFim, type FimOutcome } from '../models/generate';
import { ModelError } from '../models/modelError';
import { modelErrorFix } from './fixes';
import { fail, ok, warn, type CheckResult } from './result';

/** How long the server will wait for this model, to compare the measured latency with. */
export interface Deadline {
  timeoutMs: number;
  /** The setting that sets it, e.g. `infill.completion.timeoutMs`. */
  setting: string;
}

const TIMEOUT_MS = 20_000;
const MAX_TOKENS = 8;
const PREFIX = 'def add(a, b):\n    return a';
const SUFFIX = '\n';

/** `use` is how the server will talk to this model: fill in the middle, or chat (code actions in chat mode). */
export async function generateCheck(model: Settings['model'], env: NodeJS.ProcessEnv, use: 'fim' | 'chat', deadline: Deadline): Promise<CheckResult> {
  const check = use === 'fim' ? 'completion' : 'chat';
  const provider = createProvider(model, env);
  const options = { timeoutMs: TIMEOUT_MS, timeoutSetting: deadline.setting, signal: new AbortController().signal };
  let outcome: FimOutcome;
  try {
    outcome =
      use === 'fim'
        ? await generateFim(provider, { prefix: PREFIX, suffix: SUFFIX, maxTokens: MAX_TOKENS, temperature: 0, snippets: [], stop: [] }, options)
        : await generateChat(provider, { messages: [{ role: 'user', content: 'Reply with the word OK.' }], maxTokens: MAX_TOKENS, temperature: 0 }, options);
  } catch (e) {
    if (e instanceof ModelError) return fail(model.name, check, e.userMessage, modelErrorFix(e.kind, model, env, deadline.setting));
    return fail(model.name, check, `unexpected error: ${e instanceof Error ? e.message : String(e)}`, "see the model server's log");
  }
  const ms = Math.round(outcome.modelMs);
  const shown = JSON.stringify(outcome.text.length > 40 ? `${outcome.text.slice(0, 40)}...` : outcome.text);
  if (outcome.text.trim() === '') return warn(model.name, check, `answered in ${ms} ms, but with no text`, null);
  if (ms > deadline.timeoutMs) {
    // A first request may include loading the model; the second one shows the real latency.
    return warn(model.name, check, `answered in ${ms} ms: ${shown}; that is longer than ${deadline.setting} (${deadline.timeoutMs} ms)`, `run infill-ls doctor again (the model may have been loading); if it stays slow, raise ${deadline.setting}`);
  }
  return ok(model.name, check, `answered in ${ms} ms: ${shown}`);
}
