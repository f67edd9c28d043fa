// OpenAI-compatible servers (reference §3.3, §3.6): `/v1/models` says the server runs, takes
// the key and serves the model; whether FIM works depends on the template infill-ls renders.
import type { Settings } from '../config/settings';
import { apiKeyFor } from '../models/createProvider';
import { resolveFimTemplate } from '../models/fimTemplates';
import { openaiBase } from '../models/openai';
import { apiKeyCheck } from './apiKey';
import { generateCheck } from './generateCheck';
import { endpointFix, fimTemplateFix, pullFix, startServerFix } from './fixes';
import { describeAnswer, probe, stringField, type Probe } from './http';
import { fail, ok, warn, type CheckResult } from './result';
import { shortList } from './shortList';
import type { DoctorTarget, ProviderChecks } from './target';

export const openaiChecks: ProviderChecks = { server, model };

interface ModelList {
  ids: string[];
  /** Ollama's /v1: models come from `ollama pull` (its empty list is `data: null`). */
  ollama: boolean;
  /** llama.cpp serves one model whatever the request names. */
  llamacpp: boolean;
}

async function* server(m: Settings['model'], env: NodeJS.ProcessEnv): AsyncGenerator<CheckResult, boolean> {
  const base = openaiBase(m.endpoint);
  const answer = await listModels(m, env);
  if (!answer.reached) {
    yield fail(m.name, 'reachable', `cannot reach the OpenAI-compatible server at ${base} (${answer.reason})`, startServerFix(m));
    return false;
  }
  if (answer.status === 401 || answer.status === 403) {
    yield ok(m.name, 'reachable', `a server answers at ${base}, but refuses requests without a valid key (${answer.status})`);
    yield apiKeyCheck(m, env, { status: answer.status, message: describeAnswer(answer).replace(/^\d+: /, '') })!;
    return false;
  }
  const list = modelList(answer);
  if (!list) {
    yield fail(m.name, 'reachable', `${base}/models answered ${describeAnswer(answer)}: this is not an OpenAI-compatible API`, endpointFix());
    return false;
  }
  yield ok(m.name, 'reachable', `OpenAI-compatible server answers at ${base} (${list.ids.length} ${list.ids.length === 1 ? 'model' : 'models'})`);
  const key = apiKeyCheck(m, env);
  if (key) yield key;
  return true;
}

async function* model(target: DoctorTarget, env: NodeJS.ProcessEnv): AsyncGenerator<CheckResult, void> {
  const m = target.model;
  const answer = await listModels(m, env);
  const list = answer.reached ? modelList(answer) : undefined;
  if (!list) {
    yield fail(m.name, 'model', `cannot list the models at ${openaiBase(m.endpoint)}/models (${answer.reached ? describeAnswer(answer) : answer.reason})`, endpointFix());
    return;
  }
  if (list.llamacpp) {
    yield ok(m.name, 'model', `llama.cpp serves one model (${list.ids[0] ?? 'unnamed'}) whatever infill.model.name says`);
  } else if (list.ids.includes(m.name) || list.ids.includes(`${m.name}:latest`)) {
    yield ok(m.name, 'model', `${m.name} is among the server's models`);
  } else {
    const found = list.ids.length ? ` (it serves: ${shortList(list.ids)})` : ' (it lists no models)';
    const fix = list.ollama
      ? pullFix(m)
      : list.ids.length
        ? `set infill.model.name to one of: ${shortList(list.ids)}`
        : `load ${m.name} in the model server, or set infill.model.name to a model it serves`;
    yield fail(m.name, 'model', `${m.name} is not among the server's models${found}`, fix);
    return;
  }
  if (target.use === 'fim') yield fimCheck(m);
  if (target.probe) yield await generateCheck(m, env, target.use, target.deadline);
}

/** Most OpenAI-compatible servers reject `suffix`, so FIM works when infill-ls renders the model's template itself. */
function fimCheck(m: Settings['model']): CheckResult {
  if (m.fimTemplate === 'native') {
    return warn(m.name, 'fim', `infill.model.fimTemplate is "native": suffix is sent to /v1/completions, which vLLM and llama.cpp reject`, fimTemplateFix(m));
  }
  const family = resolveFimTemplate(m.fimTemplate, m.name)?.family;
  if (!family) {
    return warn(m.name, 'fim', `no FIM template family is known for ${m.name}: suffix will be sent, and the server may reject it`, fimTemplateFix(m));
  }
  const why = m.fimTemplate === 'auto' ? `the ${family} FIM template is known for ${m.name}` : `infill.model.fimTemplate is "${family}"`;
  return ok(m.name, 'fim', `${why}: infill-ls renders the prompt and sends no suffix`);
}

function listModels(m: Settings['model'], env: NodeJS.ProcessEnv): Promise<Probe> {
  const key = apiKeyFor(m, env);
  return probe(`${openaiBase(m.endpoint)}/models`, { headers: key ? { authorization: `Bearer ${key}` } : {} });
}

/** The model ids of a 200 `{"object": "list", "data": [...]}` answer; undefined for anything else. */
function modelList(answer: Probe): ModelList | undefined {
  if (!answer.reached || answer.status !== 200) return undefined;
  const json = answer.json as { data?: unknown } | undefined;
  if (typeof json !== 'object' || json === null || !('data' in json)) return undefined;
  if (json.data === null) return { ids: [], ollama: true, llamacpp: false };
  if (!Array.isArray(json.data)) return undefined;
  const ids = json.data.map((x) => stringField(x, 'id')).filter((id): id is string => id !== undefined);
  const owners = json.data.map((x) => stringField(x, 'owned_by'));
  return { ids, ollama: owners.includes('library'), llamacpp: owners.includes('llamacpp') };
}
