// Runs every check for a set of settings and returns the results as data. The CLI prints them;
// the server could run the same checks and show them (nothing here writes anywhere).
import { withSettingNames, type Settings } from '../config/settings';
import { apiKeyFor } from '../models/createProvider';
import { transportCheck } from './endpoint';
import { llamacppChecks } from './llamacppChecks';
import { ollamaChecks } from './ollamaChecks';
import { openaiChecks } from './openaiChecks';
import type { CheckResult } from './result';
import { doctorTargets, serverKey, type DoctorTarget, type ProviderChecks } from './target';

const PROVIDERS: Record<Settings['model']['provider'], ProviderChecks> = {
  ollama: ollamaChecks,
  openai: openaiChecks,
  llamacpp: llamacppChecks,
};

/** Called as the checks go, so that a caller can show progress (the completion check may take seconds). */
export interface CheckObserver {
  /** A model's checks begin. */
  section?(target: DoctorTarget): void;
  result?(result: CheckResult): void;
}

/** Every check for the settings; `probe: false` leaves out the ones that make a model generate. */
export async function runChecks(settings: Settings, env: NodeJS.ProcessEnv, observer: CheckObserver = {}, probe = true): Promise<CheckResult[]> {
  const targets = doctorTargets(settings, probe);
  const results: CheckResult[] = [];
  // Servers quote what they were sent (OpenAI's "Incorrect API key provided: sk-..."): a key never leaves here.
  const secrets = targets.map((t) => apiKeyFor(t.model, env)).filter((k): k is string => k !== undefined);
  const emit = (r: CheckResult): void => {
    const clean = { ...r, detail: redact(r.detail, secrets), fix: r.fix === null ? null : redact(r.fix, secrets) };
    results.push(clean);
    observer.result?.(clean);
  };
  // Per server: whether its models can be checked (false after it failed).
  const servers = new Map<string, boolean>();
  for (const target of targets) {
    const key = serverKey(target.model);
    if (servers.get(key) === false) continue; // its failure is already reported, with the fix
    observer.section?.(target);
    // What the checks say about `infill.model.*` is about this target's model: name the key that set each field.
    const [, job, language] = /^(completion|actions)(?: \((.+)\))?$/.exec(target.role) ?? [];
    const named = (r: CheckResult): void =>
      emit(job ? { ...r, detail: withSettingNames(r.detail, settings, job as 'completion' | 'actions', language), fix: r.fix && withSettingNames(r.fix, settings, job as 'completion' | 'actions', language) } : r);
    const provider = PROVIDERS[target.model.provider];
    if (!servers.has(key)) {
      const transport = transportCheck(target.model);
      if (transport) named(transport);
      const usable = await drain(provider.server(target.model, env), named);
      servers.set(key, usable);
      if (!usable) continue;
    }
    await drain(provider.model(target, env), named);
  }
  return results;
}

/** Forwards every yielded result and returns the generator's own return value. */
async function drain<R>(gen: AsyncGenerator<CheckResult, R>, emit: (r: CheckResult) => void): Promise<R> {
  for (;;) {
    const step = await gen.next();
    if (step.done) return step.value;
    emit(step.value);
  }
}

/** Keys shorter than 4 characters are left alone: replacing them would garble every line. */
function redact(text: string, secrets: string[]): string {
  return secrets.filter((s) => s.length >= 4).reduce((t, s) => t.split(s).join('***'), text);
}
