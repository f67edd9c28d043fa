// The part every generating route shares: pick the text, wait for a slot and the model load,
// then stream it (or answer whole) with the behaviour's delays, splits and failures. Routes only
// describe their JSON through a Dialect.
import { performance } from 'node:perf_hooks';
import { DEFAULT_PING_INTERVAL_MS, DEFAULT_TEXT, DEFAULT_TOKEN_CHARS, type Behavior, type Failure } from './behavior';
import { errorReply, typicalMessage, type ErrorReply, type ErrorStyle } from './errorShapes';
import { FrameWriter, type Framing } from './framing';
import { planOutput, type Outcome } from './output';
import { JSON_TYPE, TEXT_TYPE, sleep, type RequestContext, type RouteEnv } from './requestContext';

export interface GenerationStats {
  /** How long this request waited for the model load (ms). */
  loadMs: number;
  /** ms since the request was received. */
  elapsedMs(): number;
}

/** How one route spells its chunks. */
export interface Dialect {
  framing: Framing;
  errorStyle: ErrorStyle;
  /** The model name as requested, for default error messages. */
  modelName: string;
  /** SSE routes that end with `data: [DONE]`. */
  sseDone: boolean;
  /** Frames before the first token (thinking chunks, a role-only chat delta); not counted as tokens. */
  prelude(): unknown[];
  token(text: string, index: number): unknown;
  /** Frames that end a complete stream; `lastText` is non-empty with finalChunkText. */
  final(lastText: string, outcome: Outcome, stats: GenerationStats): unknown[];
  /** Frames for an error after the stream started, and whether [DONE] still follows them. */
  streamError(message: string): { frames: unknown[]; thenDone: boolean };
  defaultStreamErrorMessage: string;
  /** The body of a non-streamed answer. */
  whole(outcome: Outcome, stats: GenerationStats): unknown;
}

export interface GenerationJob {
  ctx: RequestContext;
  env: RouteEnv;
  behavior: Behavior;
  dialect: Dialect;
  stream: boolean;
  /** The scheduler key: the resolved model name. */
  slotKey: string;
  /** keep_alive in ms (undefined: default, 0: unload after, negative: forever). */
  keepAliveMs?: number;
  stop: string[];
  budget?: number;
}

const GARBAGE_PAGE =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n';

export function reply(ctx: RequestContext, r: ErrorReply): void {
  ctx.sendBody(r.status, r.contentType, r.body);
}

export async function runGeneration(job: GenerationJob): Promise<void> {
  const { ctx, env, behavior: b, dialect } = job;
  ctx.rec.behavior = b;
  let text: string;
  try {
    text = typeof b.text === 'function' ? await b.text(ctx.rec) : (b.text ?? DEFAULT_TEXT);
  } catch (err) {
    reply(ctx, errorReply(dialect.errorStyle, 500, `fake completer failed: ${(err as Error).message}`));
    return;
  }
  const outcome = planOutput(text, { tokenChars: b.tokenChars ?? DEFAULT_TOKEN_CHARS, stop: b.ignoreStop ? [] : job.stop, budget: job.budget });

  const admission = await env.scheduler.acquire(job.slotKey, ctx.signal);
  if (admission === 'busy') {
    reply(ctx, errorReply(dialect.errorStyle, 503, typicalMessage(dialect.errorStyle, 503, dialect.modelName)));
    return;
  }
  if (admission === 'aborted') return;
  try {
    const loadMs = await env.scheduler.ensureLoaded(job.slotKey, ctx.signal);
    if (loadMs === undefined) return;
    const stats: GenerationStats = { loadMs, elapsedMs: () => performance.now() - ctx.rec.receivedAt };
    // Ollama renders and evaluates the prompt before the first write, so a slow first token delays the headers.
    if (!(await sleep(b.headerDelayMs ?? 0, ctx.signal))) return;
    if (b.fail?.type === 'status') {
      reply(ctx, statusFailure(b.fail, dialect));
      return;
    }
    if (b.fail?.type === 'garbage') {
      ctx.sendBody(200, b.fail.contentType ?? 'text/html; charset=utf-8', b.fail.body ?? GARBAGE_PAGE);
      return;
    }
    if (job.stream) await streamAnswer(job, outcome, stats);
    else await wholeAnswer(job, outcome, stats);
  } finally {
    env.scheduler.release(job.slotKey, job.keepAliveMs);
  }
}

function statusFailure(fail: Extract<Failure, { type: 'status' }>, dialect: Dialect): ErrorReply {
  if (fail.body !== undefined) {
    return { status: fail.status, body: fail.body, contentType: fail.contentType ?? (isJson(fail.body) ? JSON_TYPE : TEXT_TYPE) };
  }
  const message = fail.message ?? typicalMessage(dialect.errorStyle, fail.status, dialect.modelName);
  const r = errorReply(dialect.errorStyle, fail.status, message);
  return fail.contentType ? { ...r, contentType: fail.contentType } : r;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

type StreamFailure = Extract<Failure, { afterTokens: number }>;

async function streamAnswer(job: GenerationJob, outcome: Outcome, stats: GenerationStats): Promise<void> {
  const { ctx, behavior: b, dialect } = job;
  const sse = dialect.framing === 'sse';
  const w = new FrameWriter(ctx, {
    framing: dialect.framing,
    headers: sse
      ? { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' }
      : { 'Content-Type': 'application/x-ndjson' },
    splitBytes: b.splitBytes,
    coalesce: b.coalesce,
    crlf: sse && b.crlf,
    omitFinalNewline: b.omitFinalNewline,
    seed: ctx.rec.seq,
  });
  const pinging = sse && Boolean(b.ssePing);
  const pause = async (ms: number): Promise<boolean> => {
    if (ms <= 0) return !ctx.closed;
    await w.flush();
    return silence(w, ctx, ms, pinging, b.pingIntervalMs ?? DEFAULT_PING_INTERVAL_MS);
  };

  if (b.bodyDelayMs !== undefined) {
    w.openNow();
    if (!(await pause(b.bodyDelayMs))) return;
  }
  if (pinging) await w.ping();

  const tokens = outcome.tokens;
  const lastInFinal = Boolean(b.finalChunkText) && tokens.length > 0;
  const streamed = lastInFinal ? tokens.length - 1 : tokens.length;
  const fail = b.fail && 'afterTokens' in b.fail ? b.fail : undefined;
  const failAt = fail ? Math.min(Math.max(0, fail.afterTokens), streamed) : -1;

  for (const frame of dialect.prelude()) await w.object(frame);
  for (let i = 0; ; i++) {
    if (ctx.closed) return;
    if (fail && i === failAt) {
      if (fail.type !== 'garbageLine') return failStream(job, w, fail);
      await w.raw(fail.line ?? 'this is not json');
    }
    if (i >= streamed) break;
    if (i > 0 && !(await pause(b.tokenDelayMs ?? 0))) return;
    await w.object(dialect.token(tokens[i]!, i), 1);
  }

  if (b.hold) {
    await w.flush();
    await silence(w, ctx, Infinity, pinging, b.pingIntervalMs ?? DEFAULT_PING_INTERVAL_MS);
    return;
  }
  if (tokens.length > 0 && !(await pause(b.tokenDelayMs ?? 0))) return;
  const finals = dialect.final(lastInFinal ? tokens[tokens.length - 1]! : '', outcome, stats);
  for (let i = 0; i < finals.length; i++) {
    const last = i === finals.length - 1 && !dialect.sseDone;
    await w.object(finals[i], i === 0 && lastInFinal ? 1 : 0, last);
  }
  if (dialect.sseDone) await w.raw('[DONE]', 0, true);
  await w.end();
}

async function failStream(job: GenerationJob, w: FrameWriter, fail: StreamFailure): Promise<void> {
  const { ctx, dialect } = job;
  await w.flush();
  if (fail.type === 'destroy') {
    ctx.destroy();
    return;
  }
  if (fail.type === 'midStreamError') {
    const message = fail.message ?? dialect.defaultStreamErrorMessage;
    // Nothing written yet: servers answer with a real status and a JSON error instead of a stream.
    if (!ctx.headersSent) {
      reply(ctx, errorReply(dialect.errorStyle, 500, message));
      return;
    }
    const { frames, thenDone } = dialect.streamError(message);
    for (let i = 0; i < frames.length; i++) await w.object(frames[i], 0, i === frames.length - 1 && !thenDone);
    if (thenDone) await w.raw('[DONE]', 0, true);
  }
  await w.end();
}

/** A pause in the stream: SSE pings fill it when asked; Infinity lasts until the client leaves. */
async function silence(w: FrameWriter, ctx: RequestContext, ms: number, pinging: boolean, intervalMs: number): Promise<boolean> {
  if (!pinging) {
    if (ms === Infinity) {
      await ctx.untilClosed();
      return false;
    }
    return sleep(ms, ctx.signal);
  }
  const end = performance.now() + ms;
  await w.ping();
  while (!ctx.closed) {
    const remaining = end - performance.now();
    if (remaining <= 0) return true;
    if (!(await sleep(Math.min(intervalMs, remaining), ctx.signal))) return false;
    if (performance.now() < end) await w.ping();
  }
  return false;
}

async function wholeAnswer(job: GenerationJob, outcome: Outcome, stats: GenerationStats): Promise<void> {
  const { ctx, behavior: b, dialect } = job;
  const generating = (b.bodyDelayMs ?? 0) + (b.tokenDelayMs ?? 0) * Math.max(0, outcome.tokens.length - 1);
  if (!(await sleep(generating, ctx.signal))) return;
  if (b.hold) {
    await ctx.untilClosed();
    return;
  }
  const fail = b.fail && 'afterTokens' in b.fail ? b.fail : undefined;
  if (fail?.type === 'destroy') {
    ctx.destroy();
    return;
  }
  if (fail?.type === 'midStreamError') {
    reply(ctx, errorReply(dialect.errorStyle, 500, fail.message ?? dialect.defaultStreamErrorMessage));
    return;
  }
  const body = JSON.stringify(dialect.whole(outcome, stats));
  // A clean EOF without done, for a whole answer: the JSON is cut in half.
  const sent = fail?.type === 'eofWithoutDone' ? body.slice(0, Math.floor(body.length / 2)) : body;
  const headers: Record<string, string | number> = { 'Content-Type': JSON_TYPE };
  if (sent === body) headers['Content-Length'] = Buffer.byteLength(body);
  const w = new FrameWriter(ctx, { framing: 'ndjson', headers, splitBytes: b.splitBytes, seed: ctx.rec.seq });
  await w.body(sent, sent === body ? outcome.tokens.length : 0);
  await w.end();
}
