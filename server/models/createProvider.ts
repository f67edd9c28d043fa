import type { Settings } from '../config/settings';
import { OllamaProvider } from './ollama';
import type { Provider } from './provider';

/** The provider the settings ask for. */
export function createProvider(model: Settings['model']): Provider {
  switch (model.provider) {
    case 'ollama':
      return new OllamaProvider(model.endpoint, model.name);
  }
}
