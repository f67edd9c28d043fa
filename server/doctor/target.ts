// What the doctor checks: each distinct model the server will use, and how it will use it.
import { modelFor, type Settings } from '../config/settings';
import type { Deadline } from './generateCheck';
import type { CheckResult } from './result';

export interface DoctorTarget {
  /** `completion`, `actions`, or with a language: `completion (python)`. */
  role: string;
  /** The model settings exactly as the server builds its provider from them. */
  model: Settings['model'];
  /** Code actions in chat mode talk to their model by chat, not by fill in the middle. */
  use: 'fim' | 'chat';
  deadline: Deadline;
  /** Whether to ask the model for a few tokens (the CLI does; the server's check at start does not). */
  probe: boolean;
}

/** One API's checks. Results are yielded as they are found; a server check returns false when nothing more can be checked. */
export interface ProviderChecks {
  /** Once per server: is it there and is it the right kind. */
  server(model: Settings['model'], env: NodeJS.ProcessEnv): AsyncGenerator<CheckResult, boolean>;
  /** Per model on that server: present, fills in the middle, answers. */
  model(target: DoctorTarget, env: NodeJS.ProcessEnv): AsyncGenerator<CheckResult, void>;
}

/**
 * The completion model, then the actions model and the per-language models where they differ
 * from one already listed: resolved with `modelFor`, as the server resolves them.
 */
export function doctorTargets(settings: Settings, probe = true): DoctorTarget[] {
  const completion: Omit<DoctorTarget, 'role' | 'model'> = {
    probe,
    use: 'fim',
    deadline: { timeoutMs: settings.completion.timeoutMs, setting: 'infill.completion.timeoutMs' },
  };
  const actions: Omit<DoctorTarget, 'role' | 'model'> = {
    probe,
    use: settings.actions.mode === 'chat' ? 'chat' : 'fim',
    deadline: { timeoutMs: settings.actions.timeoutMs, setting: 'infill.actions.timeoutMs' },
  };
  const candidates: DoctorTarget[] = [
    { role: 'completion', model: modelFor(settings, 'completion'), ...completion },
    { role: 'actions', model: modelFor(settings, 'actions'), ...actions },
    ...Object.keys(settings.languages).flatMap((language) => [
      { role: `completion (${language})`, model: modelFor(settings, 'completion', language), ...completion },
      { role: `actions (${language})`, model: modelFor(settings, 'actions', language), ...actions },
    ]),
  ];
  const seen = new Set<string>();
  return candidates.filter((t) => {
    const key = JSON.stringify(t.model);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Models on the same server share its reachability and key checks. */
export function serverKey(model: Settings['model']): string {
  return JSON.stringify([model.provider, model.endpoint, model.apiKeyEnv]);
}
