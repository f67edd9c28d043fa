// llama-server's native routes (reference §4): /health, /props, /infill and /completion, whose
// streams are SSE without [DONE] and end with the object that has "stop": true.
import { errorReply } from './errorShapes';
import { reply, runGeneration, type Dialect, type GenerationStats } from './generation';
import { hasCapability, type CatalogModel } from './modelCatalog';
import { roughTokenCount, type Outcome } from './output';
import { numberField, record, stopList, str, type RequestContext, type RouteEnv, type RouteTable } from './requestContext';

export const LLAMACPP_BUILD = 'b6500-00dc8057';

export const llamacppRoutes: RouteTable = {
  '/health': { GET: health },
  '/v1/health': { GET: health },
  '/props': { GET: props },
  '/infill': { POST: infill },
  '/completion': { POST: completion },
  '/completions': { POST: completion },
};

function fail(ctx: RequestContext, status: number, message: string): void {
  reply(ctx, errorReply('llamacpp', status, message));
}

function health(ctx: RequestContext): void {
  ctx.sendJson(200, { status: 'ok' });
}

function props(ctx: RequestContext, env: RouteEnv): void {
  const model = env.catalog.models[0];
  ctx.sendJson(200, {
    default_generation_settings: { id: 0, id_task: -1, n_ctx: 4096, speculative: false, is_processing: false, params: { n_predict: -1, temperature: 0.8 } },
    total_slots: env.options.parallel ?? 1,
    model_path: `/models/${model?.name ?? 'model'}.gguf`,
    modalities: { vision: false, audio: false },
    chat_template: '',
    build_info: LLAMACPP_BUILD,
  });
}

/** The parsed body; a missing or broken body is an nlohmann exception, which llama-server answers as a 500. */
function parse(ctx: RequestContext): Record<string, unknown> | undefined {
  const body: unknown = ctx.rec.body;
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) return body as Record<string, unknown>;
  const empty = ctx.rec.rawBody.trim() === '';
  fail(
    ctx,
    500,
    empty
      ? '[json.exception.parse_error.101] parse error at line 1, column 1: attempting to parse an empty input; check that the input is a non-empty string'
      : '[json.exception.parse_error.101] parse error at line 1, column 1: syntax error while parsing value - invalid literal',
  );
  return undefined;
}

interface FimTokens {
  pre: string;
  suf: string;
  mid: string;
  rep?: string;
  sep?: string;
}

/** FIM token texts of the model, guessed from its template the way llama.cpp searches the vocabulary. */
function fimTokens(model: CatalogModel): FimTokens {
  const t = model.template;
  if (t.includes('<fim_prefix>')) return { pre: '<fim_prefix>', suf: '<fim_suffix>', mid: '<fim_middle>', rep: '<repo_name>', sep: '<file_sep>' };
  if (t.includes('<｜fim▁begin｜>')) return { pre: '<｜fim▁begin｜>', suf: '<｜fim▁hole｜>', mid: '<｜fim▁end｜>' };
  if (t.includes('<PRE>')) return { pre: '<PRE>', suf: '<SUF>', mid: '<MID>' };
  return { pre: '<|fim_prefix|>', suf: '<|fim_suffix|>', mid: '<|fim_middle|>', rep: '<|repo_name|>', sep: '<|file_sep|>' };
}

const EXTRA_SHAPE = '"input_extra" must be an array of {"filename": string, "text": string}';

async function infill(ctx: RequestContext, env: RouteEnv): Promise<void> {
  const model = env.catalog.models[0];
  // The model check comes before the body is even parsed.
  if (!model || !hasCapability(model, 'insert')) {
    return fail(ctx, 501, 'Infill is not supported by this model: prefix token is missing. suffix token is missing. middle token is missing. ');
  }
  const body = parse(ctx);
  if (!body) return;
  if (body.prompt !== undefined && typeof body.prompt !== 'string') return fail(ctx, 400, '"prompt" must be a string');
  if (!('input_prefix' in body)) return fail(ctx, 400, '"input_prefix" is required');
  if (!('input_suffix' in body)) return fail(ctx, 400, '"input_suffix" is required');
  const extra = body.input_extra ?? [];
  if (!Array.isArray(extra)) return fail(ctx, 400, EXTRA_SHAPE);
  for (const chunk of extra) {
    const c = record(chunk);
    if (typeof c.text !== 'string') return fail(ctx, 400, 'extra_context chunk must contain a "text" field with a string value');
    if (c.filename !== undefined && typeof c.filename !== 'string') return fail(ctx, 400, `extra_context chunk's "filename" field must be a string`);
  }
  const tokens = fimTokens(model);
  // format_prompt_infill, PSM order: [extra][PRE] prefix prompt [SUF] suffix [MID] (prompt goes before SUF).
  let extraText = '';
  if (extra.length > 0) {
    const chunks = extra.map(record);
    extraText =
      tokens.rep && tokens.sep
        ? `${tokens.rep}myproject\n` + chunks.map((c) => `${tokens.sep}${str(c.filename) || 'tmp'}\n${str(c.text)}`).join('') + `${tokens.sep}filename\n`
        : chunks.map((c) => `\n\n--- snippet ---\n\n${str(c.text)}`).join('');
  }
  const prompt = `${extraText}${tokens.pre}${str(body.input_prefix)}${str(body.prompt)}${tokens.suf}${str(body.input_suffix)}${tokens.mid}`;
  await generateNative(ctx, env, model, body, prompt);
}

async function completion(ctx: RequestContext, env: RouteEnv): Promise<void> {
  const model = env.catalog.models[0];
  if (!model) return fail(ctx, 503, 'Loading model');
  const body = parse(ctx);
  if (!body) return;
  if (!('prompt' in body)) return fail(ctx, 500, "[json.exception.out_of_range.403] key 'prompt' not found"); // [U]
  await generateNative(ctx, env, model, body, typeof body.prompt === 'string' ? body.prompt : '');
}

async function generateNative(ctx: RequestContext, env: RouteEnv, model: CatalogModel, body: Record<string, unknown>, prompt: string): Promise<void> {
  ctx.rec.renderedPrompt = prompt;
  const stop = stopList(body.stop);
  if (!stop) return fail(ctx, 400, '"stop" must be an array of strings'); // [U]
  const nPredict = numberField(body.n_predict) ?? -1;
  await runGeneration({
    ctx,
    env,
    behavior: env.takeBehavior(),
    dialect: nativeDialect(model.name, prompt, nPredict),
    stream: body.stream === true,
    slotKey: model.name,
    stop,
    budget: nPredict,
  });
}

/** /infill and /completion results: partial objects with one token each, then the one with stop:true. */
function nativeDialect(modelName: string, prompt: string, nPredict: number): Dialect {
  const evaluated = Math.max(1, roughTokenCount(prompt));
  const result = (content: string, outcome: Outcome, stats: GenerationStats): Record<string, unknown> => ({
    index: 0,
    content,
    tokens: [],
    id_slot: 0,
    stop: true,
    model: modelName,
    tokens_predicted: outcome.tokens.length,
    tokens_evaluated: evaluated,
    generation_settings: { n_predict: nPredict, temperature: 0.8, top_k: 40, top_p: 0.95, min_p: 0.05, stream: true },
    prompt,
    has_new_line: outcome.text.includes('\n'),
    truncated: false,
    stop_type: outcome.stopType,
    stopping_word: outcome.stoppingWord,
    tokens_cached: evaluated + outcome.tokens.length,
    timings: llamacppTimings(evaluated, outcome.tokens.length, stats),
  });
  return {
    framing: 'sse',
    errorStyle: 'llamacpp',
    modelName,
    sseDone: false,
    prelude: () => [],
    token: (text, index) => ({
      index: 0,
      content: text,
      tokens: [1000 + index],
      stop: false,
      id_slot: 0,
      tokens_predicted: index + 1,
      tokens_evaluated: evaluated,
    }),
    final: (lastText, outcome, stats) => [result(lastText, outcome, stats)],
    streamError: (message) => ({ frames: [{ error: { code: 500, message, type: 'server_error' } }], thenDone: false }),
    defaultStreamErrorMessage: 'Internal Server Error',
    whole: (outcome, stats) => result(outcome.text, outcome, stats),
  };
}

/** llama-server's timings object, consistent with the time actually spent. */
export function llamacppTimings(promptN: number, predictedN: number, stats: GenerationStats): Record<string, number> {
  const elapsed = Math.max(0.01, stats.elapsedMs() - stats.loadMs);
  const promptMs = elapsed * 0.2;
  const predictedMs = elapsed * 0.8;
  return {
    cache_n: 0,
    prompt_n: promptN,
    prompt_ms: promptMs,
    prompt_per_token_ms: promptMs / Math.max(1, promptN),
    prompt_per_second: (promptN * 1000) / promptMs,
    predicted_n: predictedN,
    predicted_ms: predictedMs,
    predicted_per_token_ms: predictedMs / Math.max(1, predictedN),
    predicted_per_second: (predictedN * 1000) / predictedMs,
  };
}
