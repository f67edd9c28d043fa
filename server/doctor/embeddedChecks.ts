// The embedded backend (node-llama-cpp in this process): the runtime loads, the model file is
// there and loads, it has FIM tokens, and a tiny generation answers, with its latency.
import * as fs from 'node:fs';
import type { Settings } from '../config/settings';
import { defaultProviderHost } from '../models/createProvider';
import { defaultThreads, installFix, NODE_LLAMA_CPP_VERSION } from '../models/llamaRuntime';
import { embeddedModelFile, knownModel, KNOWN_MODELS, DEFAULT_EMBEDDED_MODEL, sizeText } from '../models/modelCatalog';
import { ModelError } from '../models/modelError';
import { generateCheck } from './generateCheck';
import { fail, ok, type CheckResult } from './result';
import type { DoctorTarget, ProviderChecks } from './target';

export const embeddedChecks: ProviderChecks = { server, model };

async function* server(m: Settings['model']): AsyncGenerator<CheckResult, boolean> {
  try {
    const { llama } = await defaultProviderHost().embedded.runtime.get();
    const threads = m.embedded.threads || defaultThreads();
    yield ok(m.name, 'runtime', `node-llama-cpp ${NODE_LLAMA_CPP_VERSION} runs here (${llama.gpu ? `GPU: ${llama.gpu}` : 'CPU'}), ${threads} thread${threads === 1 ? '' : 's'}`);
    return true;
  } catch (e) {
    yield fail(m.name, 'runtime', e instanceof ModelError ? e.userMessage.replace(/ Fix: .*$/, '') : String(e), installFix());
    return false;
  }
}

async function* model(target: DoctorTarget, env: NodeJS.ProcessEnv): AsyncGenerator<CheckResult, void> {
  const m = target.model;
  const file = embeddedModelFile(m, env);
  if (!file) {
    yield fail(m.name, 'file', `"${m.name}" is not a model infill-ls can download, and infill.model.path is not set`, `set infill.model.path to a GGUF file, or infill.model.name to one of: ${KNOWN_MODELS.map((k) => k.name).join(', ')}`);
    return;
  }
  if (!fs.existsSync(file)) {
    const known = knownModel(m.name);
    yield fail(m.name, 'file', `${file} is not there`, known && !m.path ? `infill-ls model pull ${known.name}  (${sizeText(known.approxBytes)})` : 'set infill.model.path to a GGUF file that exists');
    return;
  }
  const host = defaultProviderHost();
  const load = { file, contextSize: m.embedded.contextSize, threads: m.embedded.threads || defaultThreads(), idleUnloadMs: m.embedded.idleUnloadMs };
  let infill: boolean;
  try {
    const loaded = await host.embedded.use(load);
    const { LlamaCompletion } = (await host.embedded.runtime.get()).module;
    const sequence = await loaded.acquire(new AbortController().signal);
    try {
      const completion = new LlamaCompletion({ contextSequence: sequence });
      infill = completion.infillSupported;
      completion.dispose({ disposeSequence: false });
    } finally {
      loaded.release(sequence);
      host.embedded.done(load, loaded);
    }
    yield ok(m.name, 'file', `${file} loads (${sizeText(fs.statSync(file).size)} in ${Math.round(loaded.loadMs)} ms, context ${loaded.context.contextSize} tokens)`);
  } catch (e) {
    yield fail(m.name, 'file', e instanceof ModelError ? e.userMessage : String(e), `use a GGUF model file: infill-ls model pull ${DEFAULT_EMBEDDED_MODEL.name}`);
    return;
  }
  if (target.use === 'fim') {
    if (!infill) {
      yield fail(m.name, 'fim', `${file} has no FIM tokens: it cannot fill in the middle`, `use a code model with FIM tokens: infill-ls model pull ${DEFAULT_EMBEDDED_MODEL.name}`);
      return;
    }
    yield ok(m.name, 'fim', "the model has FIM tokens (from its GGUF metadata)");
  }
  if (target.probe) yield await generateCheck({ ...m, provider: 'embedded' }, env, target.use, target.deadline);
}
