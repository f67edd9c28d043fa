/**
 * A second language server in the same Helix session, in this process: a quick one with
 * many items, its own trigger character and its own diagnostics (an "undefined name" error
 * as Pyright reports it), so that completion merges and code actions see what Helix does
 * with two servers on one document. Its positions are UTF-16 (it declares no encoding).
 */
import { performance } from 'node:perf_hooks';
import type { CompletionItem, Diagnostic, ServerCapabilities } from 'vscode-languageserver';
import type { Message } from '../lsp/wire';
import type { LanguageServer, Outcome } from './languageServer';
import { toLspRange } from './positions';

/** Python keywords and builtins: what a Python server offers everywhere. */
export const OTHER_WORDS = [
  'False', 'None', 'True', 'and', 'as', 'assert', 'break', 'class', 'continue', 'def', 'dict', 'elif', 'else', 'enumerate',
  'except', 'for', 'from', 'if', 'import', 'isinstance', 'len', 'list', 'max', 'min', 'pass', 'print', 'property', 'range',
  'return', 'while',
] as const;

export interface OtherServerOptions {
  name?: string;
  /** How long a completion answer takes (default 3 ms), after `before`. */
  delayMs?: number;
  triggerCharacters?: string[];
  /** Names reported as undefined wherever they occur as a whole word. */
  undefinedNames?: string[];
}

export class OtherServer implements LanguageServer {
  readonly name: string;
  capabilities: ServerCapabilities = {};
  onMessage?: (message: Message) => void;
  /** Every request it received, with its time. */
  readonly requests: Array<{ method: string; params: any; at: number }> = [];
  readonly notifications: Array<{ method: string; params: any }> = [];
  delayMs: number;
  /** Awaited before the delay of each completion answer (e.g. another server's answer, to come a set time after it). */
  before?: () => Promise<void>;
  private readonly texts = new Map<string, { text: string; version: number }>();

  constructor(private readonly options: OtherServerOptions = {}) {
    this.name = options.name ?? 'pyright';
    this.delayMs = options.delayMs ?? 3;
  }

  completionRequests(): Array<{ method: string; params: any; at: number }> {
    return this.requests.filter((r) => r.method === 'textDocument/completion');
  }

  async request(method: string, params?: any): Promise<Outcome> {
    const at = performance.now();
    this.requests.push({ method, params, at });
    if (method === 'initialize') {
      return {
        result: {
          capabilities: {
            textDocumentSync: 1,
            completionProvider: { triggerCharacters: this.options.triggerCharacters ?? ['.'], resolveProvider: false },
          },
          serverInfo: { name: this.name },
        },
        ms: 0,
      };
    }
    if (method === 'textDocument/completion') {
      await this.before?.();
      await new Promise((resolve) => setTimeout(resolve, this.delayMs));
      const items: CompletionItem[] = OTHER_WORDS.map((label) => ({ label, kind: label[0] === label[0].toUpperCase() ? 21 : 14 }));
      return { result: { isIncomplete: false, items }, ms: performance.now() - at };
    }
    if (method === 'shutdown') return { result: null, ms: 0 };
    return { error: { code: -32601, message: `Unhandled method ${method}` }, ms: 0 };
  }

  notify(method: string, params?: any): void {
    this.notifications.push({ method, params });
    if (method === 'textDocument/didOpen') this.update(params.textDocument.uri, params.textDocument.text, params.textDocument.version);
    // Full sync (textDocumentSync 1): each change is the whole text.
    if (method === 'textDocument/didChange') this.update(params.textDocument.uri, params.contentChanges.at(-1).text, params.textDocument.version);
    if (method === 'textDocument/didClose') this.texts.delete(params.textDocument.uri);
  }

  reply(): void {}

  /** Its diagnostics for a text, as it publishes them. */
  diagnosticsFor(text: string): Diagnostic[] {
    const out: Diagnostic[] = [];
    for (const name of this.options.undefinedNames ?? []) {
      for (const m of text.matchAll(new RegExp(`(?<![\\p{L}\\p{N}_])${name}(?![\\p{L}\\p{N}_])`, 'gu'))) {
        out.push({
          range: toLspRange(text, m.index!, m.index! + name.length, 'utf-16'),
          severity: 1,
          code: 'reportUndefinedVariable',
          source: 'Pyright',
          message: `"${name}" is not defined`,
          data: { rule: 'reportUndefinedVariable' },
          // Helix keeps this out of the diagnostics it sends back in a code action request.
          relatedInformation: [{ location: { uri: 'file:///typeshed/builtins.pyi', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } }, message: 'see here' }],
        });
      }
    }
    return out;
  }

  private update(uri: string, text: string, version: number): void {
    this.texts.set(uri, { text, version });
    this.onMessage?.({ jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri, version, diagnostics: this.diagnosticsFor(text) } });
  }
}
