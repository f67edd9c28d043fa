import { Ollama } from 'ollama';
import { httpFetch } from './httpFetch';
import type { ChatRequest, FimRequest, FinishListener, Provider } from './provider';
import { ModelError, isAbortError } from './modelError';
import { resolveFimTemplate, type FimTemplate } from './fimTemplates';
import { snippetsAsComments, templateInput } from './snippets';
import { fimStops, requestFamily } from './stopSequences';

/** How long to wait for `/api/show` before going on without it. */
const SHOW_TIMEOUT_MS = 2000;

/** Ollama's native `/api/generate` with `prompt` = prefix and `suffix` = suffix (the model's template applies them). */
export class OllamaProvider implements Provider {
  readonly description: string;

  constructor(
    private readonly endpoint: string,
    private readonly model: string,
    /** Raw mode: our own FIM template instead of the model's (for models without `insert`). */
    private template?: FimTemplate,
    private readonly options: Record<string, unknown> = {},
    /** With `fimTemplate: auto`: ask `/api/show` once whether the model has `insert`, else use raw mode. */
    private readonly autoTemplate = false,
    /** Sent as a bearer token: Ollama behind an authenticating proxy (`model.apiKeyEnv`). */
    private readonly apiKey?: string,
  ) {
    this.description = `ollama ${model} at ${endpoint}${template ? ` (raw ${template.family} template)` : ''}`;
  }

  private detected: Promise<void> | undefined;

  private headers(): Record<string, string> {
    return this.apiKey ? { Authorization: `Bearer ${this.apiKey}` } : {};
  }

  /**
   * Once per provider: a model without Ollama's `insert` capability gets raw mode with the
   * template of its family (from its name, else from its own template text). Failures are
   * left to the completion request, which reports them.
   */
  private detectTemplate(signal: AbortSignal): Promise<void> {
    this.detected ??= (async () => {
      try {
        const response = await httpFetch(`${this.endpoint}/api/show`, {
          method: 'POST',
          headers: this.headers(),
          body: JSON.stringify({ model: this.model }),
          signal: AbortSignal.any([signal, AbortSignal.timeout(SHOW_TIMEOUT_MS)]),
        });
        if (!response.ok) return void response.body.getReader().cancel();
        const show = (await response.json()) as { capabilities?: string[]; template?: string };
        if (!show.capabilities || show.capabilities.includes('insert')) return;
        this.template = resolveFimTemplate('auto', this.model, show.template);
      } catch {
        this.detected = undefined; // not answered: ask again next time
      }
    })();
    return this.detected;
  }

  /** Asks `/api/show` at start (with `fimTemplate: auto`): the first completion then sends its request at once. */
  prepare(): Promise<void> {
    return this.autoTemplate ? this.detectTemplate(new AbortController().signal) : Promise.resolve();
  }

  async *fim(req: FimRequest): AsyncIterable<string> {
    if (this.autoTemplate) await this.detectTemplate(req.signal);
    yield* this.generate(req);
  }

  private generate(req: FimRequest): AsyncIterable<string> {
    // Ollama's FIM template takes one prompt: other files go before the prefix, as comments.
    const prefix = (req.lineComment && req.snippets.length ? snippetsAsComments(req.snippets, req.lineComment) : '') + req.prefix;
    const stop = fimStops(requestFamily(this.template, this.model), req.stop);
    return this.stream(req, '/api/generate', (client) =>
      client.generate({
        model: this.model,
        ...(this.template ? { prompt: this.template.render(templateInput(req)), raw: true } : { prompt: prefix, suffix: req.suffix }),
        stream: true,
        options: {
          ...this.options,
          num_predict: req.maxTokens,
          temperature: req.temperature,
          stop,
        },
      }),
      // The final chunk may carry text too, so always take `response`.
      (part) => part.response ?? '',
    );
  }

  chat(req: ChatRequest): AsyncIterable<string> {
    return this.stream(req, '/api/chat', (client) =>
      client.chat({
        model: this.model,
        messages: req.messages,
        stream: true,
        options: { ...this.options, num_predict: req.maxTokens, temperature: req.temperature },
      }),
      (part) => part.message?.content ?? '',
    );
  }

  /** Runs one streaming request on its own client and yields the text of each chunk; the last chunk's `done_reason` goes to `onFinish`. */
  private async *stream<P extends { done: boolean; done_reason?: string }>(
    { signal, onFinish, onSent }: { signal: AbortSignal; onSent?: () => void } & FinishListener,
    route: string,
    start: (client: Ollama) => Promise<AsyncIterable<P> & { abort(): void }>,
    textOf: (part: P) => string,
  ): AsyncIterable<string> {
    // One client per request: ollama-js's abort() is global to a client, cannot reach a
    // request still waiting for headers, and its stream registry leaks aborted streams.
    // Our own AbortSignal in fetch closes exactly this request's connection at any time.
    const client = new Ollama({
      host: this.endpoint,
      headers: this.headers(),
      // ollama-js reads only the fields of fetch's Response that httpFetch's answer has.
      fetch: ((input: string, init?: RequestInit) =>
        httpFetch(input, { method: init?.method, headers: init?.headers as Record<string, string>, body: init?.body as string | undefined, signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal, onSent })) as unknown as typeof fetch,
    });
    let receivedAny = false;
    let finished = false;
    const stream = await start(client).catch((e: unknown) => {
      throw this.classify(e, signal, false, route);
    });
    try {
      for await (const part of stream) {
        receivedAny = true;
        const text = textOf(part);
        if (text) yield text;
        if (part.done) {
          finished = true;
          onFinish?.(part.done_reason === 'length' ? 'length' : 'stop');
          return;
        }
      }
      finished = true;
    } catch (e) {
      throw this.classify(e, signal, receivedAny, route);
    } finally {
      // The consumer stopped early (it has what it needs): close the connection so
      // the model stops generating tokens nobody will read.
      if (!finished) stream.abort();
    }
  }

  private classify(e: unknown, signal: AbortSignal, receivedAny: boolean, route: string): unknown {
    if (signal.aborted) return signal.reason ?? e;
    if (isAbortError(e)) return e;
    const err = e as { name?: string; message?: string; status_code?: number; error?: string; cause?: { code?: string; message?: string } };
    const message = String(err?.message ?? e);
    const where = `Ollama at ${this.endpoint}`;

    if (err?.name === 'ResponseError' && typeof err.status_code === 'number') {
      const status = err.status_code;
      const text = String(err.error ?? message);
      const detail = `${status} ${text}`;
      if (status === 404 && /model .* not found/i.test(text)) {
        return new ModelError(
          'modelMissing',
          `The model "${this.model}" is not installed in ${where}. Run: ollama pull ${this.model}  (or set infill.model.name to a model you have)`,
          detail,
        );
      }
      if (status === 404 || status === 405) {
        return new ModelError(
          'notOllama',
          `${this.endpoint} answered ${status} for ${route}: it does not look like an Ollama server. Check infill.model.endpoint (or OLLAMA_HOST).`,
          detail,
        );
      }
      if (status === 400 && /does not support insert/i.test(text)) {
        return new ModelError(
          'noInsert',
          `The model "${this.model}" cannot fill in the middle (Ollama: "${text}"). Use a code model with insert support, e.g. ollama pull qwen2.5-coder:1.5b-base, and set infill.model.name.`,
          detail,
        );
      }
      if (status === 401 || status === 403) {
        return new ModelError('unauthorized', `${where} refused the request (${status}: ${text}).`, detail);
      }
      if (status === 429 || status === 503) {
        return new ModelError('busy', `${where} is busy (${status}: ${text}). Completions resume when it has capacity.`, detail);
      }
      if (status >= 500) {
        return new ModelError('serverError', `${where} failed (${status}: ${text}). See the Ollama server log.`, detail);
      }
      return new ModelError('rejected', `${where} rejected the completion request (${status}: ${text}).`, detail);
    }

    const code = err?.cause?.code;
    if (message === 'fetch failed' || code === 'ECONNREFUSED') {
      const reason = code ?? err?.cause?.message ?? 'no connection';
      if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') {
        return new ModelError('dropped', `${where} closed the connection before answering (${reason}).`, `${message}: ${reason}`);
      }
      return new ModelError(
        'unreachable',
        `Cannot reach ${where} (${reason}). Start Ollama with: ollama serve  (or set infill.model.endpoint to where it runs)`,
        `${message}: ${reason}`,
      );
    }
    if (message === 'terminated' || code === 'UND_ERR_SOCKET') {
      return new ModelError('dropped', `${where} closed the connection in the middle of a completion.`, message);
    }
    if (/Did not receive done or success response/.test(message)) {
      return receivedAny
        ? new ModelError('dropped', `${where} ended a completion stream before it was complete.`, message)
        : new ModelError(
            'garbage',
            `${this.endpoint} sent an answer that is not Ollama's streaming JSON. Check that infill.model.endpoint points at Ollama.`,
            message,
          );
    }
    if (e instanceof SyntaxError) {
      return new ModelError('garbage', `${this.endpoint} sent an answer infill-ls cannot read (${message}).`, message);
    }
    // ollama-js throws a plain Error for an {"error": ...} line in the stream.
    return new ModelError('serverError', `${where} reported an error while generating: ${message}`, message);
  }
}
