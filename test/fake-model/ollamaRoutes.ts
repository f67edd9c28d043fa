// Ollama's native API (reference §1): /, /api/version, /api/tags, /api/ps, /api/show,
// /api/generate and /api/chat, with the validation order and exact error texts of server/routes.go.
import { DEFAULT_THINKING_TEXT, DEFAULT_TOKEN_CHARS, type Behavior } from './behavior';
import { performance } from 'node:perf_hooks';
import { OLLAMA_STREAM_ERROR, SERVER_BUSY, errorReply } from './errorShapes';
import { reply, runGeneration, type Dialect, type GenerationStats } from './generation';
import { renderGoTemplate } from './goTemplate';
import { fullyQualified, hasCapability, psEntry, showPayload, tagsEntry, withTag, type CatalogModel } from './modelCatalog';
import { finishReason, roughTokenCount, splitTokens, type Outcome } from './output';
import { goJsonType, goSyntaxError, numberField, record, stopList, str, type RequestContext, type RouteEnv, type RouteTable } from './requestContext';
import { parseKeepAlive } from './scheduler';

export const ollamaRoutes: RouteTable = {
  '/': { GET: root, HEAD: root },
  '/api/version': { GET: version, HEAD: version },
  '/api/tags': { GET: tags, HEAD: tags },
  '/api/ps': { GET: ps },
  '/api/show': { POST: show },
  '/api/generate': { POST: generate },
  '/api/chat': { POST: chat },
};

function fail(ctx: RequestContext, status: number, message: string): void {
  reply(ctx, errorReply('ollama', status, message));
}

function root(ctx: RequestContext): void {
  ctx.sendText(200, 'Ollama is running');
}

function version(ctx: RequestContext, env: RouteEnv): void {
  ctx.sendJson(200, { version: env.options.version ?? '0.33.0' });
}

function tags(ctx: RequestContext, env: RouteEnv): void {
  ctx.sendJson(200, { models: env.catalog.models.map((m) => tagsEntry(m, Boolean(env.options.tagsWithCapabilities))) });
}

function ps(ctx: RequestContext, env: RouteEnv): void {
  const models = env.scheduler
    .loaded()
    .map(({ key, expiresAt }) => ({ model: env.catalog.find(key), expiresAt }))
    .filter((e): e is { model: CatalogModel; expiresAt: number } => e.model !== undefined)
    .map((e) => psEntry(e.model, e.expiresAt));
  ctx.sendJson(200, { models });
}

/** Go-typed body fields, for the decoder's "cannot unmarshal" message. */
type FieldTypes = Record<string, [json: string, go: string]>;

const GENERATE_FIELDS: FieldTypes = {
  model: ['string', 'string'],
  prompt: ['string', 'string'],
  suffix: ['string', 'string'],
  system: ['string', 'string'],
  template: ['string', 'string'],
  context: ['array', '[]int'],
  stream: ['bool', 'bool'],
  raw: ['bool', 'bool'],
  options: ['object', 'map[string]interface {}'],
};
const CHAT_FIELDS: FieldTypes = {
  model: ['string', 'string'],
  messages: ['array', '[]api.Message'],
  tools: ['array', 'api.Tools'],
  stream: ['bool', 'bool'],
  options: ['object', 'map[string]interface {}'],
};
const SHOW_FIELDS: FieldTypes = { model: ['string', 'string'], name: ['string', 'string'] };

/** Decodes the body as Go's json.Decoder would, answering 400 with its message on failure. */
function decode(ctx: RequestContext, struct: string, fields: FieldTypes): Record<string, unknown> | undefined {
  const raw = ctx.rec.rawBody;
  if (raw.trim() === '') return void fail(ctx, 400, 'missing request body');
  const body: unknown = ctx.rec.body;
  if (body === undefined) return void fail(ctx, 400, goSyntaxError(raw));
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return void fail(ctx, 400, `json: cannot unmarshal ${goJsonType(body)} into Go value of type api.${struct}`);
  }
  const obj = body as Record<string, unknown>;
  for (const [field, [json, go]] of Object.entries(fields)) {
    const value = obj[field];
    if (value === undefined || value === null || goJsonType(value) === json) continue;
    return void fail(ctx, 400, `json: cannot unmarshal ${goJsonType(value)} into Go struct field ${struct}.${field} of type ${go}`);
  }
  return obj;
}

function show(ctx: RequestContext, env: RouteEnv): void {
  const body = decode(ctx, 'ShowRequest', SHOW_FIELDS);
  if (!body) return;
  const name = str(body.model) || str(body.name);
  if (!name) return fail(ctx, 400, 'model is required');
  const model = env.catalog.find(name);
  if (!model) return fail(ctx, 404, `model '${withTag(name)}' not found`);
  ctx.sendJson(200, showPayload(model));
}

/** `think` checks shared by generate and chat; returns whether the model thinks, or undefined after a 400. */
function thinkingFor(ctx: RequestContext, body: Record<string, unknown>, model: CatalogModel, requested: string): boolean | undefined {
  const think = body.think;
  const wantsThinking = think !== undefined && think !== null && think !== false;
  if (wantsThinking && !model.thinking) return void fail(ctx, 400, `"${requested}" does not support thinking`);
  // A thinking model thinks unless told not to.
  return think === undefined || think === null ? model.thinking : wantsThinking;
}

/** Answers load-only ("load") and unload ("unload") requests: an empty prompt (even with a suffix!) or no messages. */
async function loadOrUnload(
  kind: 'generate' | 'chat',
  ctx: RequestContext,
  env: RouteEnv,
  model: CatalogModel,
  requested: string,
  keepAliveMs: number | undefined,
): Promise<void> {
  const output = kind === 'generate' ? { response: '' } : { message: { role: 'assistant', content: '' } };
  const base = { model: requested, created_at: rfc3339Nano(), ...output, done: true };
  if (keepAliveMs === 0) {
    env.scheduler.unload(model.name);
    return ctx.sendJson(200, { ...base, done_reason: 'unload' });
  }
  const admission = await env.scheduler.acquire(model.name, ctx.signal);
  if (admission === 'busy') return fail(ctx, 503, SERVER_BUSY);
  if (admission === 'aborted') return;
  try {
    if ((await env.scheduler.ensureLoaded(model.name, ctx.signal)) === undefined) return;
    ctx.sendJson(200, { ...base, created_at: rfc3339Nano(), done_reason: 'load' });
  } finally {
    env.scheduler.release(model.name, keepAliveMs);
  }
}

async function generate(ctx: RequestContext, env: RouteEnv): Promise<void> {
  const body = decode(ctx, 'GenerateRequest', GENERATE_FIELDS);
  if (!body) return;
  // keep_alive is decoded with the body, so a bad one fails first.
  const keepAlive = parseKeepAlive(body.keep_alive);
  if (keepAlive.error) return fail(ctx, 400, keepAlive.error);
  const requested = str(body.model);
  if (!requested) return fail(ctx, 404, `model '' not found`);
  const raw = body.raw === true;
  const context = Array.isArray(body.context) ? body.context : [];
  if (raw && (str(body.template) || str(body.system) || context.length > 0)) {
    return fail(ctx, 400, 'raw mode does not support template, system, or context');
  }
  const model = env.catalog.find(requested);
  if (!model) return fail(ctx, 404, `model '${requested}' not found`);
  const prompt = str(body.prompt);
  // The unload shortcut comes before any capability check.
  if (!prompt && keepAlive.ms === 0) return loadOrUnload('generate', ctx, env, model, requested, 0);
  const topLogprobs = numberField(body.top_logprobs);
  if (topLogprobs !== undefined && (topLogprobs < 0 || topLogprobs > 20)) {
    return fail(ctx, 400, 'top_logprobs must be between 0 and 20');
  }
  const suffix = str(body.suffix);
  if (!hasCapability(model, 'completion')) return fail(ctx, 400, `"${requested}" does not support generate`);
  if (suffix && !hasCapability(model, 'insert')) return fail(ctx, 400, `${fullyQualified(requested)} does not support insert`);
  const thinks = thinkingFor(ctx, body, model, requested);
  if (thinks === undefined) return;
  if (!prompt) return loadOrUnload('generate', ctx, env, model, requested, keepAlive.ms);

  const template = str(body.template) || model.template;
  // With a suffix Ollama renders only .Prompt and .Suffix (no system, no messages).
  ctx.rec.renderedPrompt = raw
    ? prompt
    : renderGoTemplate(template, suffix ? { Prompt: prompt, Suffix: suffix } : { Prompt: prompt, System: str(body.system) });
  const options = record(body.options);
  const behavior = env.takeBehavior();
  await runGeneration({
    ctx,
    env,
    behavior,
    dialect: nativeDialect('generate', requested, behavior, thinks, raw ? undefined : ctx.rec.renderedPrompt),
    stream: body.stream !== false,
    slotKey: model.name,
    keepAliveMs: keepAlive.ms,
    stop: stopList(options.stop) ?? [],
    budget: numberField(options.num_predict),
  });
}

async function chat(ctx: RequestContext, env: RouteEnv): Promise<void> {
  const body = decode(ctx, 'ChatRequest', CHAT_FIELDS);
  if (!body) return;
  const keepAlive = parseKeepAlive(body.keep_alive);
  if (keepAlive.error) return fail(ctx, 400, keepAlive.error);
  const requested = str(body.model);
  if (!requested) return fail(ctx, 400, 'model is required');
  const model = env.catalog.find(requested);
  if (!model) return fail(ctx, 404, `model '${requested}' not found`);
  if (!hasCapability(model, 'completion')) return fail(ctx, 400, `"${requested}" does not support chat`);
  if (Array.isArray(body.tools) && body.tools.length > 0 && !hasCapability(model, 'tools')) {
    return fail(ctx, 400, `"${requested}" does not support tools`);
  }
  const thinks = thinkingFor(ctx, body, model, requested);
  if (thinks === undefined) return;
  const messages = Array.isArray(body.messages) ? body.messages : [];
  if (messages.length === 0) return loadOrUnload('chat', ctx, env, model, requested, keepAlive.ms);

  const options = record(body.options);
  const behavior = env.takeBehavior();
  await runGeneration({
    ctx,
    env,
    behavior,
    dialect: nativeDialect('chat', requested, behavior, thinks, undefined),
    stream: body.stream !== false,
    slotKey: model.name,
    keepAliveMs: keepAlive.ms,
    stop: stopList(options.stop) ?? [],
    budget: numberField(options.num_predict),
  });
}

/**
 * NDJSON chunks of /api/generate (`response`) and /api/chat (`message`). `contextPrompt` is the
 * rendered prompt of a non-raw generate: its presence puts the deprecated `context` array in the final chunk.
 */
function nativeDialect(kind: 'generate' | 'chat', model: string, behavior: Behavior, thinks: boolean, contextPrompt: string | undefined): Dialect {
  const thinkingText = thinks ? (behavior.thinkingText ?? DEFAULT_THINKING_TEXT) : '';
  const thinkingTokens = splitTokens(thinkingText, behavior.tokenChars ?? DEFAULT_TOKEN_CHARS);
  const content = (text: string, thinking?: string): Record<string, unknown> => {
    if (kind === 'generate') return thinking ? { response: text, thinking } : { response: text };
    return { message: thinking ? { role: 'assistant', content: text, thinking } : { role: 'assistant', content: text } };
  };
  const head = (): Record<string, unknown> => ({ model, created_at: rfc3339Nano() });
  const done = (outcome: Outcome, stats: GenerationStats): Record<string, unknown> => {
    const extra: Record<string, unknown> = { done: true, done_reason: finishReason(outcome) };
    if (contextPrompt !== undefined) extra.context = fakeTokenIds(contextPrompt + outcome.text);
    return { ...extra, ...metrics(stats, contextPrompt ?? '', outcome.tokens.length + thinkingTokens.length) };
  };
  return {
    framing: 'ndjson',
    errorStyle: 'ollama',
    modelName: model,
    sseDone: false,
    prelude: () => thinkingTokens.map((t) => ({ ...head(), ...content('', t), done: false })),
    token: (text) => ({ ...head(), ...content(text), done: false }),
    final: (lastText, outcome, stats) => [{ ...head(), ...content(lastText), ...done(outcome, stats) }],
    streamError: (message) => ({ frames: [{ error: message }], thenDone: false }),
    defaultStreamErrorMessage: OLLAMA_STREAM_ERROR,
    whole: (outcome, stats) => ({ ...head(), ...content(outcome.text, thinkingText || undefined), ...done(outcome, stats) }),
  };
}

/** Integer-nanosecond metrics; zero values are left out (omitempty). */
function metrics(stats: GenerationStats, prompt: string, evalCount: number): Record<string, number> {
  const total = Math.max(1, Math.round(stats.elapsedMs() * 1e6));
  // Already resident: real servers still report a sub-millisecond load.
  const load = stats.loadMs > 0 ? Math.round(stats.loadMs * 1e6) : 250_000;
  const rest = Math.max(2, total - load);
  const out: Record<string, number> = {
    total_duration: Math.max(total, load + rest),
    load_duration: load,
    prompt_eval_count: Math.max(1, roughTokenCount(prompt)),
    prompt_eval_duration: Math.round(rest * 0.2) || 1,
    eval_count: evalCount,
    eval_duration: Math.round(rest * 0.8) || 1,
  };
  if (evalCount === 0) delete out.eval_count;
  return out;
}

/** Stand-in token ids for `context`: one per code point. */
function fakeTokenIds(text: string): number[] {
  return Array.from(text, (c) => c.codePointAt(0)!);
}

/** RFC 3339 in UTC with sub-second digits and trailing zeros trimmed, as Go's RFC3339Nano prints. */
export function rfc3339Nano(date = new Date()): string {
  const micros = String(Math.floor((performance.now() % 1) * 1000)).padStart(3, '0');
  const [whole, ms] = date.toISOString().replace('Z', '').split('.');
  const frac = `${ms}${micros}`.replace(/0+$/, '');
  return `${whole}${frac ? `.${frac}` : ''}Z`;
}
