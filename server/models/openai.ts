import type { FimTemplate } from './fimTemplates';
import type { ChatRequest, FimRequest, Provider } from './provider';
import { snippetsAsComments, templateInput } from './snippets';
import { streamSse, type StreamEvent } from './sseStream';
import { fimStops, requestFamily } from './stopSequences';

/** Where a server is and how to speak to it. */
export interface ServerConfig {
  endpoint: string;
  model: string;
  apiKey?: string;
  /** Extra fields merged into every request body (the user's `model.options`). */
  options: Record<string, unknown>;
}

/** The `/v1` base of an OpenAI-compatible endpoint, whether the user wrote `/v1` or not. */
export function openaiBase(endpoint: string): string {
  return /\/v1$/.test(endpoint) ? endpoint : `${endpoint}/v1`;
}

/**
 * OpenAI-compatible servers (vLLM, LM Studio, llama.cpp's OpenAI layer, Ollama's /v1,
 * hosted APIs): `/v1/completions` and `/v1/chat/completions`, streamed as SSE. With a FIM
 * template the prompt is rendered here and no `suffix` is sent (most servers reject it);
 * without one, `suffix` carries the text after the cursor.
 */
export class OpenAiProvider implements Provider {
  readonly description: string;

  constructor(
    private readonly config: ServerConfig,
    private readonly template: FimTemplate | undefined,
  ) {
    this.description = `openai-compatible ${config.model} at ${config.endpoint}`;
  }

  fim(req: FimRequest): AsyncIterable<string> {
    const preamble = req.lineComment && req.snippets.length ? snippetsAsComments(req.snippets, req.lineComment) : '';
    const body = this.template
      ? { prompt: this.template.render(templateInput(req)) }
      : { prompt: preamble + req.prefix, suffix: req.suffix };
    const stop = fimStops(requestFamily(this.template, this.config.model), req.stop);
    return streamSse({
      url: `${openaiBase(this.config.endpoint)}/completions`,
      body: { ...this.config.options, model: this.config.model, ...body, stop, max_tokens: req.maxTokens, temperature: req.temperature, stream: true },
      headers: this.headers(),
      signal: req.signal,
      where: `${this.config.endpoint} (/v1/completions)`,
      model: this.config.model,
      event: (payload) => choiceEvent(payload, (choice) => choice.text),
      onFinish: req.onFinish,
      onSent: req.onSent,
    });
  }

  chat(req: ChatRequest): AsyncIterable<string> {
    return streamSse({
      url: `${openaiBase(this.config.endpoint)}/chat/completions`,
      body: { ...this.config.options, model: this.config.model, messages: req.messages, max_tokens: req.maxTokens, temperature: req.temperature, stream: true },
      headers: this.headers(),
      signal: req.signal,
      where: `${this.config.endpoint} (/v1/chat/completions)`,
      model: this.config.model,
      // llama.cpp's first chunk has `content: null`; reasoning-only chunks have none.
      event: (payload) => choiceEvent(payload, (choice) => (choice.delta as { content?: string | null } | undefined)?.content ?? undefined),
      onFinish: req.onFinish,
    });
  }

  private headers(): Record<string, string> {
    return this.config.apiKey ? { authorization: `Bearer ${this.config.apiKey}` } : {};
  }
}

/** The text and end of one OpenAI-style chunk; an `error` object is an error mid-stream. */
function choiceEvent(payload: unknown, textOf: (choice: Record<string, unknown>) => unknown): StreamEvent {
  const p = payload as { error?: { message?: string } | string; choices?: Array<Record<string, unknown>> };
  if (p.error) return { error: typeof p.error === 'string' ? p.error : p.error.message ?? JSON.stringify(p.error) };
  const choice = p.choices?.[0];
  if (!choice) return {}; // e.g. the usage chunk
  const text = textOf(choice);
  const done = typeof choice.finish_reason === 'string';
  return { text: typeof text === 'string' ? text : undefined, done, truncated: done && choice.finish_reason === 'length' };
}
