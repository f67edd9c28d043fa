import type { ChatRequest, FimRequest, FinishListener, Provider } from './provider';
import { ModelError } from './modelError';

export interface FimOutcome {
  text: string;
  /** True when `isComplete` ended the stream before the model did. */
  stoppedEarly: boolean;
  /** True when the server ended the answer at `maxTokens` (Ollama `done_reason: "length"`, OpenAI `finish_reason: "length"`, llama.cpp `stop_type: "limit"`): its last line may be cut off mid-way. */
  truncated: boolean;
  /** Wall time spent waiting on the model, in ms. */
  modelMs: number;
}

export interface GenerateOptions {
  timeoutMs: number;
  /** The setting a user raises when the deadline is too short (named in the timeout message). */
  timeoutSetting?: string;
  /** Cancels the request (a newer request, `$/cancelRequest`); rethrown as the signal's reason. */
  signal: AbortSignal;
  /** Sees the text so far; returning true stops the stream: tokens not generated cost nothing. */
  isComplete?: (text: string) => boolean;
}

/** Streams one fill-in-the-middle answer to the end, to `isComplete`, or to the deadline. */
export function generateFim(provider: Provider, request: Omit<FimRequest, 'signal'>, options: GenerateOptions): Promise<FimOutcome> {
  return collect(provider, (signal, onFinish) => provider.fim({ ...request, signal, onFinish }), options);
}

/** Streams one chat answer to the end or to the deadline. */
export function generateChat(provider: Provider, request: Omit<ChatRequest, 'signal'>, options: GenerateOptions): Promise<FimOutcome> {
  return collect(provider, (signal, onFinish) => provider.chat({ ...request, signal, onFinish }), options);
}

async function collect(
  provider: Provider,
  start: (signal: AbortSignal, onFinish: NonNullable<FinishListener['onFinish']>) => AsyncIterable<string>,
  options: GenerateOptions,
): Promise<FimOutcome> {
  const started = performance.now();
  const controller = new AbortController();
  const timeout = new ModelError(
    'timeout',
    `The model (${provider.description}) did not answer within ${options.timeoutMs} ms; it may still be loading. Raise ${options.timeoutSetting ?? 'infill.completion.timeoutMs'} if this keeps happening.`,
    `timeout after ${options.timeoutMs} ms`,
  );
  const timer = setTimeout(() => controller.abort(timeout), options.timeoutMs);
  const onCancel = () => controller.abort(options.signal.reason);
  if (options.signal.aborted) onCancel();
  else options.signal.addEventListener('abort', onCancel, { once: true });

  let text = '';
  let stoppedEarly = false;
  let truncated = false;
  try {
    for await (const piece of start(controller.signal, (reason) => (truncated = reason === 'length'))) {
      text += piece;
      if (options.isComplete?.(text)) {
        stoppedEarly = true;
        break; // ends the provider's iteration, which closes the connection
      }
    }
  } catch (e) {
    if (controller.signal.aborted) throw controller.signal.reason;
    throw e;
  } finally {
    clearTimeout(timer);
    options.signal.removeEventListener('abort', onCancel);
  }
  return { text, stoppedEarly, truncated: truncated && !stoppedEarly, modelMs: performance.now() - started };
}
