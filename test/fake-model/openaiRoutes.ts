// The OpenAI-compatible layer (reference §3) as each flavour serves it: /v1/completions,
// /v1/chat/completions and /v1/models, with that server's chunk fields, error shape and suffix policy.
import { randomBytes, randomInt } from 'node:crypto';
import type { Flavor } from './behavior';
import { errorObject, errorReply, typicalMessage, v1Style, type ErrorStyle } from './errorShapes';
import { reply, runGeneration, type Dialect, type GenerationStats } from './generation';
import { renderGoTemplate } from './goTemplate';
import { LLAMACPP_BUILD, llamacppTimings } from './llamacppRoutes';
import { fullyQualified, hasCapability, type CatalogModel } from './modelCatalog';
import { finishReason, roughTokenCount, type Outcome } from './output';
import { goJsonType, goSyntaxError, numberField, record, stopList, str, type RequestContext, type RouteEnv, type RouteTable } from './requestContext';

export const openaiRoutes: RouteTable = {
  '/v1/completions': { POST: completions },
  '/v1/chat/completions': { POST: chatCompletions },
  '/v1/models': { GET: listModels },
};

/** llama-server also serves the OpenAI routes without the /v1 prefix (its /completions is native). */
export const llamacppOpenaiAliases: RouteTable = {
  '/chat/completions': { POST: chatCompletions },
  '/models': { GET: listModels },
};

const OPENAI_BAD_JSON =
  "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)";

/** The body as an object, or undefined after answering the flavour's parse error. */
function decode(ctx: RequestContext, env: RouteEnv, struct: string): Record<string, unknown> | undefined {
  const style = v1Style(env.flavor);
  const { rawBody, body } = ctx.rec;
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) return body as Record<string, unknown>;
  let message: string;
  let status = 400;
  if (env.flavor === 'ollama') {
    // gin's ShouldBindJSON: io.EOF on an empty body, else the decoder's message.
    message = rawBody.trim() === '' ? 'EOF' : body === undefined ? goSyntaxError(rawBody) : `json: cannot unmarshal ${goJsonType(body)} into Go value of type openai.${struct}`;
  } else if (env.flavor === 'llamacpp') {
    // nlohmann::json throws; llama-server's exception handler answers 500 server_error. [U exact column text]
    status = 500;
    message =
      rawBody.trim() === ''
        ? '[json.exception.parse_error.101] parse error at line 1, column 1: attempting to parse an empty input; check that the input is a non-empty string'
        : '[json.exception.parse_error.101] parse error at line 1, column 1: syntax error while parsing value - invalid literal';
  } else {
    message = env.flavor === 'openai' ? OPENAI_BAD_JSON : 'JSON decode error';
  }
  reply(ctx, errorReply(style, status, message));
  return undefined;
}

/** The model the request names, or undefined after a 404/400. llama-server has one model and ignores the name. */
function resolveModel(ctx: RequestContext, env: RouteEnv, requested: string): CatalogModel | undefined {
  const style = v1Style(env.flavor);
  if (env.flavor === 'llamacpp' || (env.flavor === 'vllm' && !requested)) {
    const only = env.catalog.models[0];
    if (!only) reply(ctx, errorReply(style, 503, 'Loading model'));
    return only;
  }
  if (!requested && env.flavor === 'openai') {
    reply(ctx, errorReply(style, 400, 'you must provide a model parameter'));
    return undefined;
  }
  const model = env.catalog.find(requested);
  if (!model) reply(ctx, errorReply(style, 404, typicalMessage(style, 404, requested)));
  return model;
}

/** Where the flavour stands on `suffix`; returns false after answering its refusal. */
function suffixAllowed(ctx: RequestContext, env: RouteEnv, body: Record<string, unknown>, model: CatalogModel, requested: string): boolean {
  const style = v1Style(env.flavor);
  const present = body.suffix !== undefined && body.suffix !== null;
  const refuse = (status: number, message: string): false => {
    reply(ctx, errorReply(style, status, message));
    return false;
  };
  switch (env.flavor) {
    case 'ollama':
      // Mapped to /api/generate's suffix: needs the insert capability.
      return !str(body.suffix) || hasCapability(model, 'insert') || refuse(400, `${fullyQualified(requested)} does not support insert`);
    case 'llamacpp':
      // oaicompat_completion_params_parse throws std::runtime_error for any `suffix` key (even ""), which becomes a 500.
      if (present) return refuse(500, 'Unsupported param: suffix');
      return body.best_of === undefined || refuse(500, 'Unsupported param: best_of');
    case 'vllm':
      return !present || refuse(400, 'suffix is not currently supported');
    case 'openai':
      return !str(body.suffix) || hasCapability(model, 'insert') || refuse(400, 'suffix is not supported for this model'); // [U]
  }
}

/** max_tokens (llama.cpp: n_predict wins); OpenAI and vLLM default legacy completions to 16 tokens. */
function budgetOf(env: RouteEnv, body: Record<string, unknown>, legacy: boolean): number | undefined {
  const maxTokens = numberField(body.max_tokens) ?? numberField(body.max_completion_tokens);
  if (env.flavor === 'llamacpp') return numberField(body.n_predict) ?? maxTokens;
  if (maxTokens !== undefined) return maxTokens;
  return legacy && (env.flavor === 'openai' || env.flavor === 'vllm') ? 16 : undefined;
}

async function completions(ctx: RequestContext, env: RouteEnv): Promise<void> {
  const style = v1Style(env.flavor);
  const body = decode(ctx, env, 'CompletionRequest');
  if (!body) return;
  const requested = str(body.model);
  const model = resolveModel(ctx, env, requested);
  if (!model) return;
  const prompt = typeof body.prompt === 'string' ? body.prompt : Array.isArray(body.prompt) ? str(body.prompt[0]) : '';
  if (env.flavor === 'ollama' && body.prompt !== undefined && typeof body.prompt !== 'string') {
    return reply(ctx, errorReply(style, 400, "invalid type for 'prompt' field")); // [U exact text]
  }
  if (!suffixAllowed(ctx, env, body, model, requested)) return;
  const stop = stopList(body.stop);
  if (!stop) return reply(ctx, errorReply(style, 400, "invalid type for 'stop' field"));
  const suffix = str(body.suffix);
  // Ollama maps this onto a non-raw /api/generate, so the model's template applies.
  ctx.rec.renderedPrompt =
    env.flavor === 'ollama' ? renderGoTemplate(model.template, suffix ? { Prompt: prompt, Suffix: suffix } : { Prompt: prompt }) : prompt;
  const meta = newMeta(env.flavor, 'cmpl', requested || model.name, ctx.rec.renderedPrompt);
  await runGeneration({
    ctx,
    env,
    behavior: env.takeBehavior(),
    dialect: completionDialect(meta, style, includeUsage(body)),
    stream: body.stream === true,
    slotKey: model.name,
    stop,
    budget: budgetOf(env, body, true),
  });
}

async function chatCompletions(ctx: RequestContext, env: RouteEnv): Promise<void> {
  const style = v1Style(env.flavor);
  const body = decode(ctx, env, 'ChatCompletionRequest');
  if (!body) return;
  const requested = str(body.model);
  const model = resolveModel(ctx, env, requested);
  if (!model) return;
  if (!Array.isArray(body.messages)) return reply(ctx, errorReply(style, 400, "'messages' is a required property")); // [U]
  const stop = stopList(body.stop);
  if (!stop) return reply(ctx, errorReply(style, 400, "invalid type for 'stop' field"));
  const promptText = body.messages.map((m) => str(record(m).content)).join('\n');
  const meta = newMeta(env.flavor, 'chatcmpl', requested || model.name, promptText);
  await runGeneration({
    ctx,
    env,
    behavior: env.takeBehavior(),
    dialect: chatDialect(meta, style, includeUsage(body)),
    stream: body.stream === true,
    slotKey: model.name,
    stop,
    budget: budgetOf(env, body, false),
  });
}

function listModels(ctx: RequestContext, env: RouteEnv): void {
  const created = env.catalog.createdEpochSeconds;
  const models = env.catalog.models;
  switch (env.flavor) {
    case 'ollama':
      // Go marshals an empty nil slice as null.
      return ctx.sendJson(200, { object: 'list', data: models.length ? models.map((m) => ({ id: m.name, object: 'model', created, owned_by: 'library' })) : null });
    case 'llamacpp': {
      const m = models[0];
      const meta = env.isLoading() ? null : { vocab_type: 2, n_vocab: 151936, n_ctx_train: 32768, n_embd: 1536, n_params: 1543714304, size: m?.size ?? 0 };
      return ctx.sendJson(200, { object: 'list', data: m ? [{ id: m.name, object: 'model', created, owned_by: 'llamacpp', meta }] : [] });
    }
    case 'vllm':
      return ctx.sendJson(200, {
        object: 'list',
        data: models.map((m) => ({ id: m.name, object: 'model', created, owned_by: 'vllm', root: m.name, parent: null, max_model_len: 32768, permission: [] })),
      });
    case 'openai':
      return ctx.sendJson(200, { object: 'list', data: models.map((m) => ({ id: m.name, object: 'model', created, owned_by: 'system' })) });
  }
}

interface V1Meta {
  flavor: Flavor;
  id: string;
  model: string;
  promptTokens: number;
}

function newMeta(flavor: Flavor, prefix: string, model: string, prompt: string): V1Meta {
  let id: string;
  if (flavor === 'ollama') id = `${prefix}-${randomInt(0, 999)}`;
  else if (flavor === 'llamacpp') id = `chatcmpl-${randomBytes(16).toString('hex')}`; // even for text completions
  else id = `${prefix}-${randomBytes(16).toString('hex')}`;
  return { flavor, id, model, promptTokens: Math.max(1, roughTokenCount(prompt)) };
}

function includeUsage(body: Record<string, unknown>): boolean {
  return record(body.stream_options).include_usage === true;
}

function envelope(meta: V1Meta, object: string, choices: unknown[], model = meta.model): Record<string, unknown> {
  const chunk: Record<string, unknown> = { id: meta.id, object, created: Math.floor(Date.now() / 1000), model, choices };
  if (meta.flavor === 'ollama') chunk.system_fingerprint = 'fp_ollama';
  if (meta.flavor === 'llamacpp') chunk.system_fingerprint = LLAMACPP_BUILD;
  return chunk;
}

function usage(meta: V1Meta, outcome: Outcome): Record<string, number> {
  const completion = outcome.tokens.length;
  return { prompt_tokens: meta.promptTokens, completion_tokens: completion, total_tokens: meta.promptTokens + completion };
}

/** Frames after the last choice chunk: llama.cpp puts usage and timings on it; others send a usage chunk on request. */
function finalFrames(meta: V1Meta, object: string, last: Record<string, unknown>, outcome: Outcome, stats: GenerationStats, wantUsage: boolean): unknown[] {
  if (meta.flavor === 'llamacpp') {
    return [{ ...last, usage: usage(meta, outcome), timings: llamacppTimings(meta.promptTokens, outcome.tokens.length, stats) }];
  }
  return wantUsage ? [last, { ...envelope(meta, object, []), usage: usage(meta, outcome) }] : [last];
}

function streamErrorFrames(meta: V1Meta, style: ErrorStyle, message: string, ollamaChunk: () => unknown): { frames: unknown[]; thenDone: boolean } {
  // Ollama runs its native {"error"} line through the chunk converter: an empty chunk, then no [DONE]. [C/U]
  if (meta.flavor === 'ollama') return { frames: [ollamaChunk()], thenDone: false };
  // vLLM yields the error event and still ends with [DONE]. [U]
  return { frames: [errorObject(style, 500, message)], thenDone: meta.flavor === 'vllm' };
}

function completionDialect(meta: V1Meta, style: ErrorStyle, wantUsage: boolean): Dialect {
  const choice = (text: string, finish: string | null): Record<string, unknown> => {
    const c: Record<string, unknown> = { text, index: 0 };
    if (meta.flavor !== 'ollama') c.logprobs = null;
    c.finish_reason = finish;
    if (meta.flavor === 'vllm') c.stop_reason = null;
    return c;
  };
  return {
    framing: 'sse',
    errorStyle: style,
    modelName: meta.model,
    sseDone: true,
    prelude: () => [],
    token: (text) => envelope(meta, 'text_completion', [choice(text, null)]),
    final: (lastText, outcome, stats) =>
      finalFrames(meta, 'text_completion', envelope(meta, 'text_completion', [choice(lastText, finishReason(outcome))]), outcome, stats, wantUsage),
    streamError: (message) => streamErrorFrames(meta, style, message, () => envelope(meta, 'text_completion', [choice('', null)], '')),
    defaultStreamErrorMessage: 'an error was encountered while running the model',
    whole: (outcome, stats) => {
      const body = { ...envelope(meta, 'text_completion', [choice(outcome.text, finishReason(outcome))]), usage: usage(meta, outcome) };
      return meta.flavor === 'llamacpp' ? { ...body, timings: llamacppTimings(meta.promptTokens, outcome.tokens.length, stats) } : body;
    },
  };
}

function chatDialect(meta: V1Meta, style: ErrorStyle, wantUsage: boolean): Dialect {
  const object = 'chat.completion.chunk';
  const choice = (delta: Record<string, unknown>, finish: string | null): Record<string, unknown> => {
    const c: Record<string, unknown> = { index: 0, delta };
    if (meta.flavor === 'vllm' || meta.flavor === 'openai') c.logprobs = null;
    c.finish_reason = finish;
    return c;
  };
  // Ollama repeats the role on every delta; the others announce it once, first (llama.cpp with content:null).
  const firstDelta: Record<Flavor, Record<string, unknown> | undefined> = {
    ollama: undefined,
    llamacpp: { role: 'assistant', content: null },
    vllm: { role: 'assistant', content: '' },
    openai: { role: 'assistant', content: '', refusal: null },
  };
  const contentDelta = (text: string): Record<string, unknown> => (meta.flavor === 'ollama' ? { role: 'assistant', content: text } : { content: text });
  return {
    framing: 'sse',
    errorStyle: style,
    modelName: meta.model,
    sseDone: true,
    prelude: () => {
      const delta = firstDelta[meta.flavor];
      return delta ? [envelope(meta, object, [choice(delta, null)])] : [];
    },
    token: (text) => envelope(meta, object, [choice(contentDelta(text), null)]),
    final: (lastText, outcome, stats) =>
      finalFrames(meta, object, envelope(meta, object, [choice(lastText ? contentDelta(lastText) : {}, finishReason(outcome))]), outcome, stats, wantUsage),
    streamError: (message) => streamErrorFrames(meta, style, message, () => envelope(meta, object, [choice(contentDelta(''), null)], '')),
    defaultStreamErrorMessage: 'an error was encountered while running the model',
    whole: (outcome, stats) => {
      const message = { role: 'assistant', content: outcome.text };
      const body = { ...envelope(meta, 'chat.completion', [{ index: 0, message, finish_reason: finishReason(outcome) }]), usage: usage(meta, outcome) };
      return meta.flavor === 'llamacpp' ? { ...body, timings: llamacppTimings(meta.promptTokens, outcome.tokens.length, stats) } : body;
    },
  };
}
