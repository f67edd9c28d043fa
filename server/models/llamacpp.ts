import { OpenAiProvider, type ServerConfig } from './openai';
import type { ChatRequest, FimRequest, Provider } from './provider';
import { streamSse } from './sseStream';
import { fimStops, requestFamily } from './stopSequences';

/**
 * llama.cpp's server: `/infill` for fill in the middle (the server renders the prompt from
 * the model's own FIM tokens; other files go in `input_extra`, most relevant last), and its
 * OpenAI layer for chat.
 */
export class LlamaCppProvider implements Provider {
  readonly description: string;
  private readonly chatProvider: OpenAiProvider;

  constructor(private readonly config: ServerConfig) {
    this.description = `llama.cpp ${config.model} at ${config.endpoint}`;
    this.chatProvider = new OpenAiProvider(config, undefined);
  }

  fim(req: FimRequest): AsyncIterable<string> {
    return streamSse({
      url: `${this.config.endpoint}/infill`,
      body: {
        ...this.config.options,
        input_prefix: req.prefix,
        input_suffix: req.suffix,
        input_extra: [...req.snippets].reverse().map((s) => ({ filename: s.path, text: s.text })),
        n_predict: req.maxTokens,
        temperature: req.temperature,
        // llama-server stops at the FIM tokens its GGUF names; the others need stop strings.
        stop: fimStops(requestFamily(undefined, this.config.model), req.stop),
        cache_prompt: true,
        stream: true,
      },
      headers: this.config.apiKey ? { authorization: `Bearer ${this.config.apiKey}` } : {},
      signal: req.signal,
      onSent: req.onSent,
      where: `${this.config.endpoint} (/infill)`,
      model: this.config.model,
      event: (payload) => {
        const p = payload as { content?: string; stop?: boolean; stop_type?: string; error?: { message?: string } };
        if (p.error) return { error: p.error.message ?? JSON.stringify(p.error) };
        return { text: p.content, done: p.stop === true, truncated: p.stop === true && p.stop_type === 'limit' };
      },
      onFinish: req.onFinish,
    });
  }

  chat(req: ChatRequest): AsyncIterable<string> {
    return this.chatProvider.chat(req);
  }
}
