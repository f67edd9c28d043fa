import { ModelError } from './modelError';

/**
 * The message of an error body in any of the shapes servers use: Ollama
 * `{"error": "..."}`, OpenAI/llama.cpp `{"error": {"message": "..."}}`, FastAPI/vLLM
 * `{"detail": ...}`, or plain text.
 */
export function errorMessageOf(body: string): string {
  try {
    const json = JSON.parse(body) as { error?: unknown; detail?: unknown; message?: unknown };
    if (typeof json.error === 'string') return json.error;
    if (json.error && typeof (json.error as { message?: unknown }).message === 'string') return (json.error as { message: string }).message;
    if (typeof json.detail === 'string') return json.detail;
    if (json.detail !== undefined) return JSON.stringify(json.detail);
    if (typeof json.message === 'string') return json.message;
  } catch {
    // not JSON: the text itself
  }
  return body.trim().slice(0, 300) || '(empty body)';
}

/** A ModelError for a failed HTTP answer from `where` (a server and route, for messages). */
export function httpError(status: number, body: string, where: string, model: string): ModelError {
  const text = errorMessageOf(body);
  const detail = `${status} ${text}`;
  if (status === 401 || status === 403) {
    return new ModelError('unauthorized', `${where} refused the request (${status}: ${text}). Check the API key: set the variable that infill.model.apiKeyEnv names.`, detail);
  }
  if (status === 404 && /model/i.test(text)) return new ModelError('modelMissing', `The model "${model}" is not available at ${where} (${text}). Check infill.model.name.`, detail);
  if (status === 404 || status === 405) return new ModelError('notOllama', `${where} answered ${status}: check infill.model.endpoint and infill.model.provider.`, detail);
  if (status === 501 || /suffix|infill is not supported|does not support insert/i.test(text)) {
    return new ModelError('noInsert', `${where} cannot fill in the middle with "${model}" (${text}). Set infill.model.fimTemplate to the model's family, or use a model with FIM tokens.`, detail);
  }
  if (status === 429 || status === 503) return new ModelError('busy', `${where} is busy (${status}: ${text}). Completions resume when it has capacity.`, detail);
  if (status >= 500) return new ModelError('serverError', `${where} failed (${status}: ${text}).`, detail);
  return new ModelError('rejected', `${where} rejected the request (${status}: ${text}).`, detail);
}

/** A ModelError for a request that got no HTTP answer at all. */
export function connectionError(e: unknown, endpoint: string): ModelError | undefined {
  const err = e as { message?: string; cause?: { code?: string; message?: string } };
  if (err?.message !== 'fetch failed') return undefined;
  const code = err.cause?.code ?? err.cause?.message ?? 'no connection';
  return new ModelError('unreachable', `Cannot reach the model server at ${endpoint} (${code}). Start it, or set infill.model.endpoint to where it runs.`, `fetch failed: ${code}`);
}
