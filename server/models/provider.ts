import type { Snippet } from './snippets';

/** Why the server ended an answer: `length` when it reached `maxTokens` (its last line may be cut off mid-way), `stop` for anything else. */
export type FinishReason = 'stop' | 'length';

/** How a backend tells its caller why the server ended an answer (a field of each request, so `fim`/`chat` keep yielding plain text). */
export interface FinishListener {
  /** Called once, when the server's last chunk says why it ended; not called when the stream fails or the caller stops it early. */
  onFinish?: (reason: FinishReason) => void;
}

/** What a fill-in-the-middle request asks of a model. */
export interface FimRequest extends FinishListener {
  /** The text before the cursor (the model continues it). */
  prefix: string;
  /** The text after the cursor (the model writes what goes before it). */
  suffix: string;
  maxTokens: number;
  temperature: number;
  /** Code from other files, sent the way the backend takes extra context. */
  snippets: Snippet[];
  /** The document's line comment, for backends that show snippets as comments in the prompt. */
  lineComment?: string;
  /** The document's path as the model sees it (repository-level FIM templates name files). */
  path?: string;
  /** Strings that end generation (the model does not include them); backends add the model family's control tokens. */
  stop: string[];
  /** Aborting closes exactly this request's HTTP connection. */
  signal: AbortSignal;
  /**
   * Called once the request is on its way (handed to the OS; a new connection connects
   * first), so the caller can turn to other work without holding it back. A backend without
   * a connection calls it as it starts.
   */
  onSent?: () => void;
}

/** One message of a chat. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** What a chat request asks of an instruct model. */
export interface ChatRequest extends FinishListener {
  messages: ChatMessage[];
  maxTokens: number;
  temperature: number;
  signal: AbortSignal;
}

/**
 * A model backend. `fim` streams the generated text in pieces; stopping the iteration
 * early (return/break) or aborting `signal` ends the HTTP request. Failures are thrown
 * as `ModelError`; an abort is thrown as the signal's reason.
 */
export interface Provider {
  /** A short description for logs, e.g. `ollama qwen2.5-coder:1.5b-base at http://127.0.0.1:11434`. */
  readonly description: string;
  fim(request: FimRequest): AsyncIterable<string>;
  /** Streams an instruct model's answer to a chat, with the same failure and abort rules. */
  chat(request: ChatRequest): AsyncIterable<string>;
  /** Does ahead, at start, what the first request would otherwise wait for; failures are left to that request. */
  prepare?(): Promise<void>;
}
