import * as fs from 'node:fs';
import { familyFromModelName } from './fimTemplates';
import { ModelError, isAbortError } from './modelError';
import { missingFile, type EmbeddedLoad, type EmbeddedModels, type LoadedModel } from './embeddedModels';
import type { LlamaChatHistoryItem, LlamaGenerationOptions, LlamaSequence, LlamaStopReason } from './llamaRuntime';
import type { ChatRequest, FimRequest, FinishListener, Provider } from './provider';
import { snippetsAsComments } from './snippets';
import { fimStops } from './stopSequences';

/** Tokens kept free beside the prompt and the answer (the FIM markers and BOS). */
const MARKER_TOKENS = 8;

/**
 * A model run inside infill-ls on node-llama-cpp: fill in the middle with the FIM tokens
 * of the model's own GGUF metadata, chat with its own chat template. Generation runs on
 * node-llama-cpp's threads, off the event loop; aborting stops it within a token.
 */
export class EmbeddedProvider implements Provider {
  readonly description: string;

  constructor(
    private readonly models: EmbeddedModels,
    private readonly load: EmbeddedLoad,
    /** `model.name`, for messages and the stop tokens of its family. */
    private readonly name: string,
    /** The known model whose file this is, for the `model pull` fix when it is missing. */
    private readonly pullName?: string,
  ) {
    this.description = `embedded ${name} (${load.file})`;
  }

  fim(req: FimRequest): AsyncIterable<string> {
    req.onSent?.(); // no connection: the caller need not wait
    return this.generate(req, async (model, sequence, options) => {
      const { LlamaCompletion } = (await this.models.runtime.get()).module;
      const completion = new LlamaCompletion({ contextSequence: sequence });
      try {
        if (!completion.infillSupported) {
          throw new ModelError(
            'noInsert',
            `The embedded model ${this.load.file} has no FIM tokens, so it cannot fill in the middle. Use a code model with FIM tokens: infill-ls model pull qwen2.5-coder:1.5b-base`,
            'infillSupported is false',
          );
        }
        const prefix = (req.lineComment && req.snippets.length ? snippetsAsComments(req.snippets, req.lineComment) : '') + req.prefix;
        const fitted = fitToContext(model, prefix, req.suffix, model.context.contextSize - req.maxTokens - MARKER_TOKENS);
        return await completion.generateInfillCompletionWithMeta(fitted.prefix, fitted.suffix, {
          ...options,
          customStopTriggers: fimStops(familyFromModelName(this.name), req.stop),
        });
      } finally {
        completion.dispose({ disposeSequence: false });
      }
    });
  }

  chat(req: ChatRequest): AsyncIterable<string> {
    return this.generate(req, async (_model, sequence, options) => {
      const { LlamaChat } = (await this.models.runtime.get()).module;
      const chat = new LlamaChat({ contextSequence: sequence, chatWrapper: 'auto' });
      try {
        const history: LlamaChatHistoryItem[] = req.messages.map((m) =>
          m.role === 'assistant' ? { type: 'model', response: [m.content] } : { type: m.role, text: m.content },
        );
        return await chat.generateResponse(history, options);
      } finally {
        chat.dispose({ disposeSequence: false });
      }
    });
  }

  /**
   * Runs one generation on a sequence of the loaded model and yields its text as it comes.
   * Stopping the iteration early, or aborting `signal`, stops the generation; the sequence
   * goes back to the pool only once the generation has ended.
   */
  private async *generate(
    req: { signal: AbortSignal; maxTokens: number; temperature: number } & FinishListener,
    run: (model: LoadedModel, sequence: LlamaSequence, options: LlamaGenerationOptions) => Promise<{ metadata: { stopReason: LlamaStopReason } }>,
  ): AsyncIterable<string> {
    const { signal } = req;
    signal.throwIfAborted();
    if (!fs.existsSync(this.load.file)) throw missingFile(this.load.file, this.pullName);
    const model = await this.models.use(this.load);
    let sequence: LlamaSequence;
    try {
      sequence = await model.acquire(signal);
    } catch (e) {
      this.models.done(this.load, model);
      throw e;
    }
    const stop = new AbortController();
    const onAbort = () => stop.abort(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    const chunks: string[] = [];
    let wake: (() => void) | undefined;
    let ended = false;
    let failure: unknown;
    let stopReason: LlamaStopReason | undefined;
    const generation = run(model, sequence, {
      onTextChunk: (text) => {
        chunks.push(text);
        wake?.();
      },
      signal: stop.signal,
      stopOnAbortSignal: true,
      maxTokens: req.maxTokens,
      temperature: req.temperature,
    }).then(
      (result) => {
        stopReason = result.metadata.stopReason;
      },
      (e: unknown) => {
        failure = e;
      },
    );
    void generation.finally(() => {
      ended = true;
      wake?.();
    });
    try {
      for (;;) {
        const text = chunks.splice(0).join('');
        if (text) yield text;
        if (signal.aborted) throw signal.reason;
        if (ended && chunks.length === 0) break;
        // Chunks that came while the consumer held the last one are taken at once.
        if (!ended && chunks.length === 0) await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
      if (failure !== undefined) throw classify(failure, signal);
      req.onFinish?.(stopReason === 'maxTokens' ? 'length' : 'stop');
    } finally {
      signal.removeEventListener('abort', onAbort);
      if (!ended) stop.abort(new Error('the consumer stopped reading'));
      await generation;
      model.release(sequence);
      this.models.done(this.load, model);
    }
  }
}

function classify(e: unknown, signal: AbortSignal): unknown {
  if (signal.aborted) return signal.reason;
  if (e instanceof ModelError || isAbortError(e)) return e;
  const detail = e instanceof Error ? e.message : String(e);
  return new ModelError('serverError', `The embedded model failed while generating (${detail}).`, detail);
}

/**
 * The prefix and suffix cut to fit `budget` tokens: the suffix keeps at most a quarter (its
 * start matters), the prefix the rest (its end matters). Token counts come from the model's
 * own tokenizer; cuts are made at line starts where one is near.
 */
export function fitToContext(model: { model: { tokenize(text: string): unknown[] } }, prefix: string, suffix: string, budget: number): { prefix: string; suffix: string } {
  const count = (text: string) => (text ? model.model.tokenize(text).length : 0);
  let prefixTokens = count(prefix);
  let suffixTokens = count(suffix);
  if (prefixTokens + suffixTokens <= budget) return { prefix, suffix };
  const suffixBudget = Math.min(suffixTokens, Math.floor(budget / 4));
  while (suffixTokens > suffixBudget && suffix) {
    suffix = cutEnd(suffix, suffixBudget / suffixTokens);
    suffixTokens = count(suffix);
  }
  const prefixBudget = Math.max(0, budget - suffixTokens);
  while (prefixTokens > prefixBudget && prefix) {
    prefix = cutStart(prefix, prefixBudget / prefixTokens);
    prefixTokens = count(prefix);
  }
  return { prefix, suffix };
}

/** Keeps about `share` of the text's start (a little less, so the loop ends), at a line end where one is near. */
function cutEnd(text: string, share: number): string {
  const at = Math.floor(text.length * Math.min(share, 0.95));
  // A line end before `at`, so the text always gets shorter.
  const line = at > 0 ? text.lastIndexOf('\n', at - 1) : -1;
  return text.slice(0, line > at / 2 ? line + 1 : at);
}

/** Keeps about `share` of the text's end, from a line start where one is near. */
function cutStart(text: string, share: number): string {
  const from = text.length - Math.floor(text.length * Math.min(share, 0.95));
  const line = text.indexOf('\n', from);
  return text.slice(line >= 0 && line - from < (text.length - from) / 2 ? line + 1 : from);
}
