// Ollama (reference §1.3, §1.6, §1.7): `/` and `/api/version` say it runs, `/api/show` says
// whether the model is installed and whether it has the `insert` capability.
import type { Settings } from '../config/settings';
import { apiKeyFor } from '../models/createProvider';
import { resolveFimTemplate } from '../models/fimTemplates';
import { generateCheck } from './generateCheck';
import { RECOMMENDED_MODEL, endpointFix, ollamaCommand, pullFix, startServerFix } from './fixes';
import { describeAnswer, probe, stringField } from './http';
import { shortList } from './shortList';
import { fail, ok, warn, type CheckResult } from './result';
import type { DoctorTarget, ProviderChecks } from './target';

export const ollamaChecks: ProviderChecks = { server, model };

async function* server(m: Settings['model'], env: NodeJS.ProcessEnv): AsyncGenerator<CheckResult, boolean> {
  const headers = bearer(m, env);
  const root = await probe(`${m.endpoint}/`, { headers });
  if (!root.reached) {
    yield fail(m.name, 'reachable', `cannot reach Ollama at ${m.endpoint} (${root.reason}); if it runs elsewhere, set infill.model.endpoint`, startServerFix(m));
    return false;
  }
  if (root.status !== 200 || !root.text.includes('Ollama is running')) {
    yield fail(m.name, 'reachable', `${m.endpoint} answers, but not as Ollama (GET / gave ${describeAnswer(root)})`, endpointFix());
    return false;
  }
  const version = await probe(`${m.endpoint}/api/version`, { headers });
  const v = version.reached && version.status === 200 ? stringField(version.json, 'version') : undefined;
  yield ok(m.name, 'reachable', `Ollama ${v ?? '(version unknown)'} answers at ${m.endpoint}`);
  return true;
}

async function* model(target: DoctorTarget, env: NodeJS.ProcessEnv): AsyncGenerator<CheckResult, void> {
  const m = target.model;
  // /api/show resolves names as generate does (foo = foo:latest), so it is the authority on "installed".
  const headers = bearer(m, env);
  const show = await probe(`${m.endpoint}/api/show`, { method: 'POST', body: { model: m.name }, headers });
  if (!show.reached) {
    yield fail(m.name, 'model', `cannot reach Ollama at ${m.endpoint} (${show.reason})`, startServerFix(m));
    return;
  }
  if (show.status === 404) {
    yield fail(m.name, 'model', `${m.name} is not installed${await installedList(m.endpoint, headers)}`, pullFix(m));
    return;
  }
  if (show.status !== 200) {
    const fix = show.status === 400 ? 'set infill.model.name to an installed model (ollama list)' : "see Ollama's log";
    yield fail(m.name, 'model', `Ollama cannot describe ${m.name} (${describeAnswer(show)})`, fix);
    return;
  }
  yield ok(m.name, 'model', `${m.name} is installed`);
  if (target.use === 'fim') {
    const fim = fimCheck(m, show.json);
    yield fim;
    if (fim.status === 'FAIL') return; // the completion would fail the same way
  }
  if (target.probe) yield await generateCheck(m, env, target.use, target.deadline);
}

/** Native FIM needs `insert`; without it, only a raw template (infill.model.fimTemplate) works. */
function fimCheck(m: Settings['model'], showJson: unknown): CheckResult {
  const info = (typeof showJson === 'object' && showJson !== null ? showJson : {}) as { capabilities?: unknown; template?: unknown };
  const template = typeof info.template === 'string' ? info.template : '';
  // Servers before capabilities existed: a template that uses .Suffix is what `insert` means.
  const insert = Array.isArray(info.capabilities) ? info.capabilities.includes('insert') : template.includes('.Suffix');
  const guessed = resolveFimTemplate('auto', m.name, template)?.family;
  const explicit = m.fimTemplate === 'auto' || m.fimTemplate === 'native' ? undefined : resolveFimTemplate(m.fimTemplate, m.name)?.family;

  if (explicit) {
    if (guessed && guessed !== explicit) {
      return warn(m.name, 'fim', `infill.model.fimTemplate is "${explicit}", but ${m.name} looks like ${guessed}`, `set infill.model.fimTemplate to "${guessed}"`);
    }
    const has = insert ? "has Ollama's insert capability" : 'has no insert capability';
    return ok(m.name, 'fim', `${m.name} ${has}; infill.model.fimTemplate "${explicit}" sends a raw ${explicit} prompt`);
  }
  if (insert) return ok(m.name, 'fim', `${m.name} has Ollama's insert capability`);
  if (guessed) {
    return fail(
      m.name,
      'fim',
      `${m.name} has no insert capability (its Ollama template takes no suffix); in raw mode infill-ls would use the ${guessed} template`,
      `set infill.model.fimTemplate to "${guessed}"`,
    );
  }
  return fail(
    m.name,
    'fim',
    `${m.name} has no insert capability and no FIM template infill-ls knows: it cannot fill in the middle`,
    `${ollamaCommand(m.endpoint, `pull ${RECOMMENDED_MODEL}`)}, then set infill.model.name to "${RECOMMENDED_MODEL}"`,
  );
}

/** ` (installed: a, b)` from /api/tags, to make a typo in the name obvious. */
async function installedList(endpoint: string, headers: Record<string, string>): Promise<string> {
  const tags = await probe(`${endpoint}/api/tags`, { headers });
  if (!tags.reached || tags.status !== 200) return '';
  const models = (tags.json as { models?: unknown } | undefined)?.models;
  const names = Array.isArray(models) ? models.map((x) => stringField(x, 'name')).filter((n): n is string => n !== undefined) : [];
  return names.length === 0 ? ' (no models are installed)' : ` (installed: ${shortList(names)})`;
}

/** Ollama has no keys, but a proxy in front of it may: `model.apiKeyEnv` names the bearer token. */
function bearer(m: Settings['model'], env: NodeJS.ProcessEnv): Record<string, string> {
  const key = apiKeyFor(m, env);
  return key ? { authorization: `Bearer ${key}` } : {};
}
