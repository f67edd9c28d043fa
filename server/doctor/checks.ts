// Runs every check for a set of settings and returns the results as data. The CLI prints them;
// the server could run the same checks and show them (nothing here writes anywhere).
import { withSettingNames, type Settings } from '../config/settings';
import { apiKeyFor } from '../models/createProvider';
import { transportCheck } from './endpoint';
import { embeddedChecks } from './embeddedChecks';
import { ollamaCommand } from './fixes';
import { llamacppChecks } from './llamacppChecks';
import { chooseBackend } from '../models/autoProvider';
import { knownModel } from '../models/modelCatalog';
import { ollamaChecks } from './ollamaChecks';
import { openaiChecks } from './openaiChecks';
import { fail, ok, type CheckResult } from './result';
import { doctorTargets, serverKey, type DoctorTarget, type ProviderChecks } from './target';

const PROVIDERS: Record<Exclude<Settings['model']['provider'], 'auto'>, ProviderChecks> = {
  ollama: ollamaChecks,
  openai: openaiChecks,
  llamacpp: llamacppChecks,
  embedded: embeddedChecks,
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
  for (const listed of targets) {
    if (listed.model.provider !== 'auto' && servers.get(serverKey(listed.model)) === false) continue; // its failure is already reported, with the fix
    observer.section?.(listed);
    const target = await resolveAuto(listed, env, emit);
    if (!target) continue;
    const key = serverKey(target.model);
    if (servers.get(key) === false) continue;
    // What the checks say about `infill.model.*` is about this target's model: name the key that set each field.
    const [, job, language] = /^(completion|actions)(?: \((.+)\))?$/.exec(target.role) ?? [];
    const named = (r: CheckResult): void =>
      emit(job ? { ...r, detail: withSettingNames(r.detail, settings, job as 'completion' | 'actions', language), fix: r.fix && withSettingNames(r.fix, settings, job as 'completion' | 'actions', language) } : r);
    const provider = PROVIDERS[target.model.provider === 'auto' ? 'ollama' : target.model.provider]; // never auto here: resolveAuto chose
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

/**
 * `provider: "auto"`: says which backend the server would use now and why, and returns the
 * target with that backend's provider (undefined when there is none: nothing more to check).
 */
async function resolveAuto(target: DoctorTarget, env: NodeJS.ProcessEnv, emit: (r: CheckResult) => void): Promise<DoctorTarget | undefined> {
  const m = target.model;
  if (m.provider !== 'auto') return target;
  const choice = await chooseBackend(m, env);
  if (choice.backend === 'none') {
    const pull = knownModel(m.name) && !m.path ? `infill-ls model pull ${m.name}` : 'set infill.model.path to a GGUF model file';
    emit(fail(m.name, 'backend', `auto: ${choice.why}`, `start Ollama (${ollamaCommand(m.endpoint, 'serve')}), or run the model inside infill-ls: ${pull}`));
    return undefined;
  }
  emit(ok(m.name, 'backend', `auto: ${choice.why}: ${target.role} uses ${choice.backend === 'ollama' ? 'Ollama' : 'the embedded model'}`));
  return { ...target, model: { ...m, provider: choice.backend } };
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
