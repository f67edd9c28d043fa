import {
  ErrorCodes,
  LSPErrorCodes,
  ResponseError,
  type CancellationToken,
  type CompletionList,
  type CompletionParams,
} from 'vscode-languageserver';
import type { Settings } from '../config/settings';
import { buildPlainTextContext } from '../context/plainTextContext';
import { DocumentStore, PositionError, lineText } from '../documents/documentStore';
import { generateFim } from '../models/generate';
import { ModelError, isAbortError } from '../models/modelError';
import type { Provider } from '../models/provider';
import { detectEol, shapeCompletion, stopSequences } from '../postprocess/completionText';
import type { Logger } from '../protocol/logger';
import { suggestionItems, wordBefore } from './completionItems';

export interface CompletionDeps {
  store: DocumentStore;
  settings: () => Settings;
  provider: () => Provider;
  logger: Logger;
  /** A model failure the user should hear about (once). */
  onModelError: (error: ModelError) => void;
  /** The model answered: earlier failures are over. */
  onModelSuccess: () => void;
}

/** Why a request stopped early without an answer. */
class Superseded extends Error {
  override name = 'AbortError';
}

const EMPTY: CompletionList = { isIncomplete: true, items: [] };

/**
 * `textDocument/completion`: debounced, one model request in flight per document (a newer
 * request aborts the older one and closes its connection), the model's text shaped and
 * returned as items that insert exactly at the cursor.
 */
export class CompletionFeature {
  private inFlight = new Map<string, AbortController>();

  constructor(private readonly deps: CompletionDeps) {}

  async complete(params: CompletionParams, token: CancellationToken): Promise<CompletionList> {
    const { store, logger } = this.deps;
    const uri = params.textDocument?.uri;
    let doc;
    let offset: number;
    try {
      doc = store.require(uri);
      offset = store.offsetAt(doc, params.position);
    } catch (e) {
      if (e instanceof PositionError) throw new ResponseError(ErrorCodes.InvalidParams, e.message);
      throw e;
    }

    this.inFlight.get(uri)?.abort(new Superseded('a newer completion request for this document'));
    const controller = new AbortController();
    this.inFlight.set(uri, controller);
    const onCancel = token.onCancellationRequested(() => controller.abort(new Superseded('cancelled by the client')));
    const settings = this.deps.settings();
    const version = doc.version;

    try {
      // A burst of keystrokes sends a burst of requests: only the last one reaches the model.
      await abortableDelay(settings.completion.debounceMs, controller.signal);
      if (store.get(uri) !== doc || doc.version !== version) return EMPTY; // the user typed on

      const text = doc.getText();
      if (text.includes('\u0000')) {
        logger.debug(`no completion for ${uri}: it looks like a binary file`);
        return { isIncomplete: false, items: [] };
      }
      const context = buildPlainTextContext(text, offset, settings.context);
      // Ollama takes an empty prompt as "load the model" and writes nothing.
      if (context.prefix === '') return EMPTY;
      const provider = this.deps.provider();
      logger.debug(`completion ${uri}@${version} offset ${offset} (${context.multiline ? 'block' : 'line'}) via ${provider.description}`);
      const outcome = await generateFim(
        provider,
        {
          prefix: context.prefix,
          suffix: context.suffix,
          maxTokens: settings.completion.maxTokens,
          temperature: settings.completion.temperature,
          stop: stopSequences(context.multiline),
        },
        {
          timeoutMs: settings.completion.timeoutMs,
          signal: controller.signal,
          // A single-line completion is done at its first line break.
          isComplete: context.multiline ? undefined : (t) => /\r?\n/.test(t),
        },
      );
      this.deps.onModelSuccess();
      logger.debug(`model answered in ${outcome.modelMs.toFixed(0)} ms: ${JSON.stringify(outcome.text)}`);

      const insertion = shapeCompletion(outcome.text, { multiline: context.multiline, eol: detectEol(text) });
      if (insertion === '') return EMPTY;
      const cursor = doc.positionAt(offset);
      const typed = wordBefore(lineText(doc, cursor.line).slice(0, cursor.character));
      return {
        isIncomplete: true,
        items: suggestionItems({
          insertion,
          typed,
          range: store.rangeOf(doc, offset - typed.length, offset),
          languageId: doc.languageId,
          modelName: settings.model.name,
        }),
      };
    } catch (e) {
      if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'completion cancelled');
      if (e instanceof Superseded || isAbortError(e)) return EMPTY;
      if (e instanceof ModelError) {
        logger.warn(`completion failed: ${e.kind}: ${e.detail}`);
        this.deps.onModelError(e);
        return EMPTY;
      }
      throw e;
    } finally {
      onCancel.dispose();
      if (this.inFlight.get(uri) === controller) this.inFlight.delete(uri);
    }
  }

  /** Aborts every request in flight (shutdown). */
  abortAll(): void {
    for (const c of this.inFlight.values()) c.abort(new Superseded('the server is shutting down'));
    this.inFlight.clear();
  }
}

function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason);
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
