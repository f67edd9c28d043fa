import { httpFetch, type HttpResponse } from './httpFetch';
import { connectionError, httpError } from './httpErrors';
import { ModelError, isAbortError } from './modelError';
import type { FinishReason } from './provider';
import { readSseData } from './sse';

/** What one SSE event of a backend's stream means. */
export interface StreamEvent {
  text?: string;
  /** The answer is complete (llama.cpp's `stop: true`, an OpenAI `finish_reason`). */
  done?: boolean;
  /** With `done`: the server stopped at the token limit (OpenAI `finish_reason: "length"`, llama.cpp `stop_type: "limit"`). */
  truncated?: boolean;
  /** An error reported inside the stream. */
  error?: string;
}

export interface SseRequest {
  url: string;
  body: unknown;
  headers: Record<string, string>;
  signal: AbortSignal;
  /** For messages: the server and route, and the model. */
  where: string;
  model: string;
  /** Interprets one parsed `data:` payload. */
  event: (payload: unknown) => StreamEvent;
  /** Told why the answer ended, at the event that ends it. */
  onFinish?: (reason: FinishReason) => void;
  /** Told when the request is on its way (FimRequest's onSent). */
  onSent?: () => void;
}

/**
 * POSTs a JSON request and yields the text of its server-sent events until `[DONE]` or an
 * event that says the answer is complete. Each request has its own AbortController, so
 * aborting it, or stopping the iteration early, closes exactly this connection.
 */
export async function* streamSse(req: SseRequest): AsyncIterable<string> {
  const own = new AbortController();
  const signal = AbortSignal.any([req.signal, own.signal]);
  let finished = false;
  let receivedAny = false;
  try {
    let response: HttpResponse;
    try {
      response = await httpFetch(req.url, { method: 'POST', headers: { 'content-type': 'application/json', ...req.headers }, body: JSON.stringify(req.body), signal, onSent: req.onSent });
    } catch (e) {
      throw failure(e, req, false);
    }
    if (!response.ok) throw httpError(response.status, await response.text().catch(() => ''), req.where, req.model);
    try {
      for await (const data of readSseData(response.body)) {
        if (data === '[DONE]') {
          finished = true;
          return;
        }
        let payload: unknown;
        try {
          payload = JSON.parse(data);
        } catch {
          throw new ModelError('garbage', `${req.where} sent an answer infill-ls cannot read. Check infill.model.endpoint and infill.model.provider.`, `not JSON: ${data.slice(0, 200)}`);
        }
        const event = req.event(payload);
        if (event.error !== undefined) throw new ModelError('serverError', `${req.where} reported an error while generating: ${event.error}`, event.error);
        receivedAny = true;
        if (event.text) yield event.text;
        if (event.done) {
          finished = true;
          req.onFinish?.(event.truncated ? 'length' : 'stop');
          return;
        }
      }
    } catch (e) {
      throw failure(e, req, receivedAny);
    }
    throw receivedAny
      ? new ModelError('dropped', `${req.where} ended a completion stream before it was complete.`, 'end of stream without [DONE]')
      : new ModelError('garbage', `${req.where} sent no events. Check infill.model.endpoint and infill.model.provider.`, 'empty stream');
  } finally {
    if (!finished) own.abort();
  }
}

function failure(e: unknown, req: SseRequest, receivedAny: boolean): unknown {
  if (req.signal.aborted) return req.signal.reason ?? e;
  if (e instanceof ModelError || isAbortError(e)) return e;
  const unreachable = connectionError(e, req.where);
  if (unreachable) return unreachable;
  const message = e instanceof Error ? e.message : String(e);
  return new ModelError('dropped', `${req.where} closed the connection ${receivedAny ? 'in the middle of' : 'before'} an answer.`, message);
}
