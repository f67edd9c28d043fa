import type { Settings } from '../config/settings';
import { AutoProvider, chooseBackend, type AutoChoice } from './autoProvider';
import { EmbeddedProvider } from './embedded';
import { EmbeddedModels } from './embeddedModels';
import { resolveFimTemplate } from './fimTemplates';
import { LlamaCppProvider } from './llamacpp';
import { defaultThreads, LlamaRuntime } from './llamaRuntime';
import { embeddedModelFile, knownModel } from './modelCatalog';
import { OllamaProvider } from './ollama';
import { OpenAiProvider } from './openai';
import type { Provider } from './provider';

/** What providers share across the process: the embedded runtime and its loaded models. */
export interface ProviderHost {
  embedded: EmbeddedModels;
  /** Told which backend `provider: "auto"` chose, each time it chooses. */
  onAutoChoice?: (choice: AutoChoice) => void;
}

let sharedHost: ProviderHost | undefined;

/** One runtime per process: every job's embedded provider loads its model files through it. */
export function defaultProviderHost(): ProviderHost {
  // node-llama-cpp's warnings go where the process logs (the server routes console to its log).
  sharedHost ??= { embedded: new EmbeddedModels(new LlamaRuntime((message) => console.warn(message))) };
  return sharedHost;
}

/** The provider the settings ask for; the API key is read from the variable `apiKeyEnv` names. */
export function createProvider(model: Settings['model'], env: NodeJS.ProcessEnv = process.env, host: ProviderHost = defaultProviderHost()): Provider {
  switch (model.provider) {
    case 'ollama':
      return ollamaProvider(model, env);
    case 'openai':
      // Most OpenAI-compatible servers reject `suffix`: render the prompt when the family is known.
      return new OpenAiProvider(serverConfig(model, env), model.fimTemplate === 'native' ? undefined : resolveFimTemplate(model.fimTemplate, model.name));
    case 'llamacpp':
      return new LlamaCppProvider(serverConfig(model, env));
    case 'embedded':
      return embeddedProvider(model, env, host);
    case 'auto':
      return new AutoProvider(
        ollamaProvider(model, env),
        embeddedProvider(model, env, host),
        () => chooseBackend(model, env),
        `infill-ls model pull${knownModel(model.name) ? ` ${model.name}` : ''}`,
        (choice) => host.onAutoChoice?.(choice),
      );
  }
}

function serverConfig(model: Settings['model'], env: NodeJS.ProcessEnv) {
  return { endpoint: model.endpoint, model: model.name, apiKey: apiKeyFor(model, env), options: model.options };
}

function ollamaProvider(model: Settings['model'], env: NodeJS.ProcessEnv): OllamaProvider {
  return new OllamaProvider(
    model.endpoint,
    model.name,
    model.fimTemplate === 'auto' || model.fimTemplate === 'native' ? undefined : resolveFimTemplate(model.fimTemplate, model.name),
    model.options,
    model.fimTemplate === 'auto',
    apiKeyFor(model, env),
  );
}

function embeddedProvider(model: Settings['model'], env: NodeJS.ProcessEnv, host: ProviderHost): EmbeddedProvider {
  // A name that is no known model and no path: the provider says so when it is used.
  const file = embeddedModelFile(model, env) ?? `(no file: "${model.name}" is not a model infill-ls can download; set infill.model.path)`;
  const threads = model.embedded.threads || defaultThreads();
  return new EmbeddedProvider(host.embedded, { file, contextSize: model.embedded.contextSize, threads, idleUnloadMs: model.embedded.idleUnloadMs }, model.name, knownModel(model.name) && !model.path ? model.name : undefined);
}

/** The key from the environment variable the settings name, if set. */
export function apiKeyFor(model: Settings['model'], env: NodeJS.ProcessEnv = process.env): string | undefined {
  return model.apiKeyEnv ? env[model.apiKeyEnv] || undefined : undefined;
}
