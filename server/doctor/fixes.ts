// The commands and settings the doctor prints as fixes, in one place so that every check
// words the same remedy the same way.
import type { Settings } from '../config/settings';
import { DEFAULT_OLLAMA_URL } from '../config/ollamaHost';
import { resolveFimTemplate } from '../models/fimTemplates';
import type { ModelErrorKind } from '../models/modelError';
import { isLoopback } from '../models/endpointSafety';
import { installFix } from '../models/llamaRuntime';
import { knownModel } from '../models/modelCatalog';
import { hostOf, portOf } from './endpoint';

/** A small code base model that fills in the middle (the default `model.name`). */
export const RECOMMENDED_MODEL = 'qwen2.5-coder:1.5b-base';

const SERVER_NAMES: Record<ServerProvider, string> = { ollama: 'Ollama', openai: 'the model server', llamacpp: 'llama-server' };

/** The providers that talk to a server (`auto` does too: to Ollama). */
type ServerProvider = 'ollama' | 'openai' | 'llamacpp';

export const FAMILIES = 'codellama, starcoder, deepseek, qwen, codegemma, codestral, granite';

/** An `ollama` CLI command aimed at `endpoint`: the CLI only knows the default address unless OLLAMA_HOST says otherwise. */
export function ollamaCommand(endpoint: string, args: string): string {
  const isDefault = endpoint.replace(/\/+$/, '') === DEFAULT_OLLAMA_URL || endpoint.replace(/\/+$/, '') === 'http://localhost:11434';
  return isDefault ? `ollama ${args}` : `OLLAMA_HOST=${endpoint} ollama ${args}`;
}

/** How to get a server listening at the endpoint (only this machine's can be started from here). */
export function startServerFix(model: Settings['model']): string {
  if (model.provider === 'embedded') return `infill.model.provider "embedded" needs no server; set infill.model.provider to the server's API`;
  const provider: ServerProvider = model.provider === 'auto' ? 'ollama' : model.provider;
  const at = provider === 'openai' ? model.endpoint.replace(/\/v1$/, '') : model.endpoint;
  if (!isLoopback(at)) return `start ${SERVER_NAMES[provider]} on ${hostOf(at)}, or set infill.model.endpoint to where it listens`;
  switch (provider) {
    case 'ollama':
      return ollamaCommand(at, 'serve');
    case 'llamacpp':
      return `llama-server -m MODEL.gguf --port ${portOf(at)}`;
    case 'openai':
      return `start the OpenAI-compatible server on port ${portOf(at)}, or set infill.model.endpoint to where it listens`;
  }
}

export function pullFix(model: Settings['model']): string {
  return ollamaCommand(model.endpoint.replace(/\/v1$/, ''), `pull ${model.name}`);
}

export function endpointFix(): string {
  return 'set infill.model.endpoint to where the model server listens, and infill.model.provider to the API it speaks (ollama, openai, llamacpp)';
}

/** The key fix; never the key itself. */
export function apiKeyFix(model: Settings['model'], env: NodeJS.ProcessEnv): string {
  if (!model.apiKeyEnv) return 'set infill.model.apiKeyEnv to the name of a variable that holds the key, and export that variable';
  return env[model.apiKeyEnv] ? `export ${model.apiKeyEnv}=<a valid key>` : `export ${model.apiKeyEnv}=...`;
}

export function fimTemplateFix(model: Settings['model']): string {
  const family = resolveFimTemplate('auto', model.name)?.family;
  return family ? `set infill.model.fimTemplate to "${family}"` : `set infill.model.fimTemplate to the model's family (${FAMILIES})`;
}

/** The fix for a failure the real provider reported (the completion check). */
export function modelErrorFix(kind: ModelErrorKind, model: Settings['model'], env: NodeJS.ProcessEnv, timeoutSetting: string): string {
  switch (kind) {
    case 'unreachable':
      return startServerFix(model);
    case 'modelMissing':
      return model.provider === 'ollama' || model.provider === 'auto' ? pullFix(model) : 'set infill.model.name to a model the server serves';
    case 'noRuntime':
      return installFix();
    case 'modelFile':
      return knownModel(model.name) && !model.path ? `infill-ls model pull ${model.name}` : 'set infill.model.path to a GGUF model file with FIM tokens';
    case 'noInsert':
      return model.provider === 'embedded' ? `use a code model with FIM tokens: infill-ls model pull ${RECOMMENDED_MODEL}` : fimTemplateFix(model);
    case 'unauthorized':
      return apiKeyFix(model, env);
    case 'notOllama':
    case 'garbage':
      return endpointFix();
    case 'timeout':
      return `run infill-ls doctor again once the model is loaded; if it stays slow, raise ${timeoutSetting}`;
    case 'busy':
      return 'wait until the server has capacity, then run infill-ls doctor again';
    case 'rejected':
    case 'serverError':
    case 'dropped':
      return "see the model server's log";
  }
}
