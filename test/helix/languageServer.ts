/**
 * A language server as the Helix client sees it: the built infill-ls over stdio
 * (./processServer.ts) or a fake one in this process (./otherServer.ts).
 */
import type { ServerCapabilities } from 'vscode-languageserver';
import type { Message } from '../lsp/wire';

/** How a request ended, as helix-lsp/src/client.rs `call` returns it: a result, an error, or its timeout. */
export interface Outcome {
  result?: any;
  error?: { code: number; message: string; data?: unknown };
  /** No answer within the server's `timeout` (Helix's Error::Timeout); a late answer is dropped. */
  timedOut?: true;
  /** From sending to the answer (or the timeout). */
  ms: number;
}

export interface LanguageServer {
  /** The name in languages.toml's `language-servers`. */
  readonly name: string;
  /** What the initialize result declared; empty until then. */
  capabilities: ServerCapabilities;
  request(method: string, params?: unknown, timeoutMs?: number): Promise<Outcome>;
  notify(method: string, params?: unknown): void;
  /** Answers a request the server sent (Helix's `reply`). */
  reply(id: number | string, answer: { result: unknown } | { error: { code: number; message: string } }): void;
  /** Set by the client: requests and notifications from the server. */
  onMessage?: (message: Message) => void;
}
