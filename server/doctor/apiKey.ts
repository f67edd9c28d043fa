// Whether the API key the settings point at is there, judged together with what the server
// said: a missing variable only matters to a server that wants a key.
import type { Settings } from '../config/settings';
import { apiKeyFix } from './fixes';
import { fail, ok, warn, type CheckResult } from './result';

/** A 401/403 answer: its status and the server's message. */
export interface Refusal {
  status: number;
  message: string;
}

/** The key check, or undefined when no key is configured and none was asked for. */
export function apiKeyCheck(model: Settings['model'], env: NodeJS.ProcessEnv, refusal?: Refusal): CheckResult | undefined {
  const variable = model.apiKeyEnv;
  const fix = apiKeyFix(model, env);
  if (!variable) {
    return refusal ? fail(model.name, 'apiKey', `the server wants an API key (${refusal.status}: ${refusal.message})`, fix) : undefined;
  }
  // The editor starts infill-ls, so the variable must be in the editor's environment, not only this shell's.
  if (!env[variable]) {
    return refusal
      ? fail(model.name, 'apiKey', `infill.model.apiKeyEnv names ${variable}, which is not set; the server refuses requests without a key (${refusal.status})`, fix)
      : warn(model.name, 'apiKey', `infill.model.apiKeyEnv names ${variable}, which is not set; the server answers without a key`, fix);
  }
  return refusal
    ? fail(model.name, 'apiKey', `the server refuses the key in ${variable} (${refusal.status}: ${refusal.message})`, fix)
    : ok(model.name, 'apiKey', `${variable} is set and the server accepts it`);
}
