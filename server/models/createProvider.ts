import type { Settings } from '../config/settings';
import { resolveFimTemplate } from './fimTemplates';
import { LlamaCppProvider } from './llamacpp';
import { OllamaProvider } from './ollama';
import { OpenAiProvider } from './openai';
import type { Provider } from './provider';

/** The provider the settings ask for; the API key is read from the variable `apiKeyEnv` names. */
export function createProvider(model: Settings['model'], env: NodeJS.ProcessEnv = process.env): Provider {
  const config = { endpoint: model.endpoint, model: model.name, apiKey: apiKeyFor(model, env), options: model.options };
  switch (model.provider) {
    case 'ollama':
      return new OllamaProvider(
        model.endpoint,
        model.name,
        model.fimTemplate === 'auto' || model.fimTemplate === 'native' ? undefined : resolveFimTemplate(model.fimTemplate, model.name),
        model.options,
        model.fimTemplate === 'auto',
        config.apiKey,
      );
    case 'openai':
      // Most OpenAI-compatible servers reject `suffix`: render the prompt when the family is known.
      return new OpenAiProvider(config, model.fimTemplate === 'native' ? undefined : resolveFimTemplate(model.fimTemplate, model.name));
    case 'llamacpp':
      return new LlamaCppProvider(config);
  }
}

/** The key from the environment variable the settings name, if set. */
export function apiKeyFor(model: Settings['model'], env: NodeJS.ProcessEnv = process.env): string | undefined {
  return model.apiKeyEnv ? env[model.apiKeyEnv] || undefined : undefined;
}
