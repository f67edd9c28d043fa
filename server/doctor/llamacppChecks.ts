// llama.cpp's server (reference §4.1 to §4.3): `/health` says it runs and whether the model is
// still loading; a tiny `/infill` says whether the model has FIM tokens. It serves exactly one
// model, so the model name is not checked.
import type { Settings } from '../config/settings';
import { apiKeyFor } from '../models/createProvider';
import { apiKeyCheck } from './apiKey';
import { generateCheck } from './generateCheck';
import { endpointFix, startServerFix } from './fixes';
import { describeAnswer, probe, stringField, type Probe } from './http';
import { fail, ok, type CheckName, type CheckResult } from './result';
import type { DoctorTarget, ProviderChecks } from './target';

export const llamacppChecks: ProviderChecks = { server, model };

const LOADING_FIX = 'wait until llama-server has loaded the model, then run infill-ls doctor again';

async function* server(m: Settings['model']): AsyncGenerator<CheckResult, boolean> {
  const health = await probe(`${m.endpoint}/health`);
  if (!health.reached) {
    yield fail(m.name, 'reachable', `cannot reach llama.cpp at ${m.endpoint} (${health.reason})`, startServerFix(m));
    return false;
  }
  if (isLoading(health)) {
    yield loading(m, 'reachable');
    return false;
  }
  if (health.status !== 200) {
    yield fail(m.name, 'reachable', `${m.endpoint}/health answered ${describeAnswer(health)}: this does not look like llama.cpp's server`, endpointFix());
    return false;
  }
  // /v1/models is public even with --api-key: it names the one model the server has.
  const models = await probe(`${m.endpoint}/v1/models`);
  const data = models.reached ? (models.json as { data?: unknown } | undefined)?.data : undefined;
  const served = Array.isArray(data) ? stringField(data[0], 'id') : undefined;
  yield ok(m.name, 'reachable', `llama.cpp answers at ${m.endpoint}${served ? `, serving ${served}` : ''}`);
  return true;
}

async function* model(target: DoctorTarget, env: NodeJS.ProcessEnv): AsyncGenerator<CheckResult, void> {
  const m = target.model;
  if (target.use === 'chat') {
    const key = apiKeyCheck(m, env);
    if (key) yield key;
    if (target.probe) yield await generateCheck(m, env, 'chat', target.deadline);
    return;
  }
  // Asking /infill is how llama.cpp tells whether the model has FIM tokens: it generates.
  if (!target.probe) return;
  const apiKey = apiKeyFor(m, env);
  const infill = await probe(`${m.endpoint}/infill`, {
    method: 'POST',
    headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {},
    body: { input_prefix: 'def add(a, b):\n    return a', input_suffix: '\n', n_predict: 1, cache_prompt: false, stream: false },
    timeoutMs: 20_000,
  });
  if (!infill.reached) {
    yield fail(m.name, 'fim', `cannot reach llama.cpp at ${m.endpoint} (${infill.reason})`, startServerFix(m));
    return;
  }
  // /infill is the first route that needs the key (/health is public).
  const refused = infill.status === 401 || infill.status === 403;
  const key = apiKeyCheck(m, env, refused ? { status: infill.status, message: describeAnswer(infill).replace(/^\d+: /, '') } : undefined);
  if (key) yield key;
  if (refused) return;
  if (isLoading(infill)) {
    yield loading(m, 'fim');
    return;
  }
  if (infill.status === 501) {
    yield fail(m.name, 'fim', `the model has no FIM tokens (${describeAnswer(infill)})`, 'restart llama-server with a code model that has FIM tokens, e.g. a Qwen2.5-Coder base GGUF');
    return;
  }
  if (infill.status !== 200) {
    yield fail(m.name, 'fim', `/infill answered ${describeAnswer(infill)}`, "see llama-server's log");
    return;
  }
  yield ok(m.name, 'fim', 'the model has FIM tokens (/infill answers)');
  yield await generateCheck(m, env, 'fim', target.deadline);
}

function isLoading(p: Probe): boolean {
  return p.reached && p.status === 503 && /loading/i.test(p.text);
}

function loading(m: Settings['model'], check: CheckName): CheckResult {
  return fail(m.name, check, `llama.cpp at ${m.endpoint} is still loading its model`, LOADING_FIX);
}
