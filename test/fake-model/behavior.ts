// Public types of the fake model server, and the defaults the routes fall back to.
// See ../../../shared/reference/model-apis.md §7 for the behaviours these options reproduce.

/** A model the fake serves. Capabilities decide what /api/show reports and whether `suffix` is accepted. */
export interface FakeModel {
  /** e.g. 'qwen2.5-coder:1.5b-base'; a name without a tag means ':latest' (as Ollama resolves it). */
  name: string;
  /** Default: derived from `template` when given (insert iff it references .Suffix), else ['completion','insert']. `thinking: true` adds 'thinking'. */
  capabilities?: string[];
  /** Go template shown by /api/show and applied to non-raw generate requests. Default: the Qwen FIM template for insert models, `{{ .Prompt }}` otherwise. */
  template?: string;
  /** details.family; default 'qwen2'. */
  family?: string;
  /** A thinking model: `think` defaults to true on it, and its output starts with `thinking` chunks. */
  thinking?: boolean;
}

/** Computes the generated text from the request (body, renderedPrompt, ...). */
export type Completer = (req: RecordedRequest) => string | Promise<string>;

export type Failure =
  /** Answered before any stream; default body is the route's own JSON error shape with a message typical for that status. */
  | { type: 'status'; status: number; body?: string; contentType?: string; message?: string }
  /** Ollama: {"error":...} line, status 200, no done. SSE: the flavour's error event and no [DONE]. Before any write: a 500 JSON error. */
  | { type: 'midStreamError'; afterTokens: number; message?: string }
  /** A clean end of the body without done / [DONE] / stop:true. */
  | { type: 'eofWithoutDone'; afterTokens: number }
  /** socket.destroy() mid-stream (undici: TypeError: terminated). */
  | { type: 'destroy'; afterTokens: number }
  /** 200 with a non-JSON body (default: an HTML proxy error page). */
  | { type: 'garbage'; body?: string; contentType?: string }
  /** One non-JSON line in the stream (SSE: as a `data:` payload), then the stream goes on normally. */
  | { type: 'garbageLine'; afterTokens: number; line?: string };

export interface Behavior {
  /** What the model generates (default DEFAULT_TEXT). Stop strings and token budgets cut it. */
  text?: string | Completer;
  /** Ignore the request's stop strings (a server that drops `stop`, or a template that renders control tokens as text); the token budget still applies. */
  ignoreStop?: boolean;
  /** Text streamed in `thinking` chunks before the answer, when a thinking model thinks (Ollama native routes). */
  thinkingText?: string;
  /** Characters (code points) per streamed token, default 4; a token never splits a surrogate pair. */
  tokenChars?: number;
  /** Split every write at this many bytes, or at random 1..7 (seeded by the request's seq, so reruns repeat). */
  splitBytes?: number | 'random';
  /** Buffer frames and write them together (several lines per write) until the next pause or the end. */
  coalesce?: boolean;
  /** Delay before the response headers (Ollama sends headers with the first token). */
  headerDelayMs?: number;
  /** Headers flushed at once, first frame delayed (llama.cpp style; with ssePing, pings fill the wait). */
  bodyDelayMs?: number;
  /** Pause before every token after the first, and before the final chunk. */
  tokenDelayMs?: number;
  /** After the text, keep the stream open (no done) until the client closes it. */
  hold?: boolean;
  fail?: Failure;
  /** Put the last token's text in the final (done) chunk instead of an empty one. */
  finalChunkText?: boolean;
  /** Leave out the last line ending (NDJSON: the final '\n'; SSE: the final blank line). */
  omitFinalNewline?: boolean;
  /** SSE: write ': ping' comments before the first event and throughout every pause. */
  ssePing?: boolean;
  /** Interval of the pings during a pause, default 20 ms. */
  pingIntervalMs?: number;
  /** SSE: '\r\n' line endings. */
  crlf?: boolean;
}

export interface RecordedRequest {
  seq: number;
  method: string;
  /** The path without the query string. */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  rawBody: string;
  /** Parsed JSON, or undefined when the body is empty or not JSON. */
  body: any;
  /** performance.now() when the body had been read. */
  receivedAt: number;
  headersSentAt?: number;
  finishedAt?: number;
  /** The client closed the connection before the response ended. */
  clientClosedAt?: number;
  /** The fake destroyed the socket itself (Failure 'destroy'). */
  destroyedAt?: number;
  /** Content tokens written to the socket so far. */
  tokensSent: number;
  /** Generate/completions: the prompt after the model's template (raw: as sent). /infill: the assembled FIM prompt. */
  renderedPrompt?: string;
  /** The behaviour a generating request ran with. */
  behavior?: Behavior;
}

export type Flavor = 'ollama' | 'llamacpp' | 'vllm' | 'openai';

export interface FakeModelOptions {
  /** Decides routes, error shapes and suffix support. ollama: / /api/* /v1/*; llamacpp: /health /infill /completion /props /v1/*; vllm, openai: /v1/*. */
  flavor?: Flavor;
  models?: FakeModel[];
  behavior?: Behavior;
  /** llamacpp/vllm/openai: require Authorization: Bearer <key>. */
  apiKey?: string;
  /** llamacpp: /health and the generating routes answer 503 Loading model (see setLoading). */
  loading?: boolean;
  /** Requests generating at once per model (default unlimited); the rest queue with their headers delayed. */
  parallel?: number;
  /** Queued requests allowed past `parallel`; beyond that, 503 server busy. */
  maxQueue?: number;
  /** The first request after an unload (every model starts unloaded) waits this long and reports it as load_duration. */
  loadDelayMs?: number;
  /** /api/tags entries carry capabilities and context_length (newer Ollama) or not (older). */
  tagsWithCapabilities?: boolean;
  /** /api/version; default '0.33.0'. */
  version?: string;
}

export const DEFAULT_TEXT = 'return a + b;';
export const DEFAULT_THINKING_TEXT = 'The caller wants the sum.';
export const DEFAULT_TOKEN_CHARS = 4;
export const DEFAULT_PING_INTERVAL_MS = 20;

/** The shape of Ollama's qwen2.5-coder template (the exact library text is unverified, reference §1.7). */
export const QWEN_FIM_TEMPLATE =
  '{{- if .Suffix }}<|fim_prefix|>{{ .Prompt }}<|fim_suffix|>{{ .Suffix }}<|fim_middle|>{{- else }}{{ .Prompt }}{{- end }}';
export const PLAIN_TEMPLATE = '{{ .Prompt }}';

export const DEFAULT_MODELS: FakeModel[] = [
  { name: 'qwen2.5-coder:1.5b-base', capabilities: ['completion', 'insert'], template: QWEN_FIM_TEMPLATE },
];
