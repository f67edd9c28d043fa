/**
 * Helix's completion menu: how answers from several servers are merged into it
 * (helix-term/src/handlers/completion.rs and completion/request.rs), how it filters
 * (helix-term/src/ui/completion.rs `score`, nucleo), and what accepting an item writes
 * (ui/completion.rs `lsp_item_to_transaction`, helix-lsp/src/lib.rs util).
 */
import { performance } from 'node:perf_hooks';
import type { CompletionItem, InsertReplaceEdit, TextEdit } from 'vscode-languageserver';
import type { Outcome } from './languageServer';
import { fromLspRange, wordBefore, type Encoding } from './positions';

/** The document as it was when a request went out (Helix's SavePoint). */
export interface Savepoint {
  text: string;
  cursor: number;
  version: number;
}

/** One server's answer to one completion request. */
export interface Answer {
  server: string;
  isIncomplete: boolean;
  items: CompletionItem[];
  outcome: Outcome;
  /** When the answer arrived (performance.now()). */
  at: number;
  savepoint: Savepoint;
}

export interface MenuEntry {
  server: string;
  item: CompletionItem;
}

/** completion/request.rs `request_completions_from_language_server`: an error, a timeout or null is an empty, complete list. */
export function answerOf(server: string, outcome: Outcome, savepoint: Savepoint): Answer {
  const r = outcome.result;
  const items: CompletionItem[] = Array.isArray(r) ? r : (r?.items ?? []);
  // Each server's items sorted by `sortText ?? label` (request.rs).
  const key = (i: CompletionItem) => i.sortText ?? i.label;
  items.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return { server, isIncomplete: !Array.isArray(r) && r?.isIncomplete === true, items, outcome, at: performance.now(), savepoint };
}

/** completion.rs `handle_response`: an empty, complete list is skipped (unless re-asking for an incomplete list). */
export function counts(answer: Answer, reasking: boolean): boolean {
  return reasking || answer.isIncomplete || answer.items.length > 0;
}

/**
 * Answers in the order they arrive (tokio's JoinSet `join_next`), optionally only until a
 * deadline (`timeout_at`).
 */
export class Arrivals {
  private readonly arrived: Answer[] = [];
  private left: number;
  private wake?: () => void;

  constructor(pending: Array<Promise<Answer>>) {
    this.left = pending.length;
    for (const p of pending) {
      void p.then((a) => {
        this.arrived.push(a);
        this.wake?.();
      });
    }
  }

  /** The next answer that counts; undefined when none is left or the deadline passed. */
  async next(reasking: boolean, deadline?: number): Promise<Answer | undefined> {
    for (;;) {
      while (this.arrived.length) {
        const a = this.arrived.shift()!;
        this.left--;
        if (counts(a, reasking)) return a;
      }
      if (this.left === 0) return undefined;
      const wait = deadline === undefined ? undefined : deadline - performance.now();
      if (wait !== undefined && wait <= 0) return undefined;
      const arrivedInTime = await new Promise<boolean>((resolve) => {
        const timer = wait === undefined ? undefined : setTimeout(() => resolve(false), wait);
        this.wake = () => {
          clearTimeout(timer);
          resolve(true);
        };
      });
      this.wake = undefined;
      if (!arrivedInTime) return undefined;
    }
  }
}

/**
 * ui/completion.rs `score`: nucleo's fuzzy atom with CaseMatching::Ignore and
 * Normalization::Smart: the pattern's characters in order, case and (for a pattern without
 * accents) accents ignored. Helix hides what does not match at all; ranking is not reproduced.
 */
export function fuzzyMatches(pattern: string, text: string): boolean {
  const plain = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '');
  const fold = (s: string) => (pattern === plain(pattern) ? plain(s) : s).toLowerCase();
  const needle = [...pattern.toLowerCase()];
  let i = 0;
  for (const ch of fold(text)) if (i < needle.length && ch === needle[i]) i++;
  return i === needle.length;
}

/** The menu while it is open: every server's items, filtered by the word before the cursor. */
export class Menu {
  readonly entries: MenuEntry[] = [];
  filter: string;

  constructor(answers: Answer[], text: string, cursor: number) {
    for (const a of answers) this.entries.push(...a.items.map((item) => ({ server: a.server, item })));
    // Completion::new: the filter is the word before the cursor when the menu opens.
    this.filter = wordBefore(text, cursor);
  }

  /** What the menu shows. */
  visible(): MenuEntry[] {
    return this.entries.filter((e) => fuzzyMatches(this.filter, e.item.filterText ?? e.item.label));
  }

  /** The labels it shows from one server. */
  labels(server: string): string[] {
    return this.visible()
      .filter((e) => e.server === server)
      .map((e) => e.item.label);
  }

  find(server: string, predicate: (item: CompletionItem) => boolean): MenuEntry {
    const entry = this.visible().find((e) => e.server === server && predicate(e.item));
    if (!entry) throw new Error(`the menu shows no such item from ${server}; it shows ${JSON.stringify(this.visible().map((e) => [e.server, e.item.label]))}`);
    return entry;
  }

  isEmpty(): boolean {
    return this.visible().length === 0;
  }

  /** completion.rs `replace_provider_completions`: a re-asked server's items replace its old ones; a late answer adds its items. */
  replace(answer: Answer, reasked: boolean): void {
    if (reasked) this.entries.splice(0, this.entries.length, ...this.entries.filter((e) => e.server !== answer.server));
    this.entries.push(...answer.items.map((item) => ({ server: answer.server, item })));
  }
}

/**
 * ui/completion.rs `lsp_item_to_transaction` on the document restored to the request's
 * text: the replaced span and the text written. The textEdit's `insert` range
 * (`completion-replace` is off by default); without a textEdit, `insertText ?? label`
 * replaces the word before the cursor. Plain text goes in verbatim; a snippet (format 2 or
 * kind Snippet) is rendered with the line's indentation after each line break.
 */
export function itemChange(item: CompletionItem, text: string, cursor: number, encoding: Encoding): { start: number; end: number; newText: string } {
  const edit = item.textEdit as TextEdit | InsertReplaceEdit | undefined;
  let start: number;
  let end: number;
  let newText: string;
  if (edit) {
    const range = 'range' in edit ? edit.range : edit.insert;
    ({ start, end } = fromLspRange(text, range, encoding));
    newText = edit.newText;
  } else {
    // lib.rs `find_completion_range`: the word characters before the cursor.
    start = cursor - wordBefore(text, cursor).length;
    end = cursor;
    newText = item.insertText ?? item.label;
  }
  if (item.kind === 15 || item.insertTextFormat === 2) newText = renderSnippet(newText, text, start);
  return { start, end, newText };
}

/**
 * helix-core/src/snippets/render.rs, for what completion items use: tabstops and
 * placeholders become their text; after each line break the line ending and the
 * indentation of the line the snippet starts on are written.
 */
export function renderSnippet(snippet: string, text: string, at: number): string {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart, at))![0];
  const lineEnding = text.includes('\r\n') ? '\r\n' : '\n';
  const plain = snippet
    .replace(/\$\{\d+\|([^,|]*)[^}]*\|\}/g, '$1')
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\{\d+\}|\$\d+/g, '')
    .replace(/\\([$}\\])/g, '$1');
  return plain
    .split('\n')
    .map((line) => line.replace(/\r$/, ''))
    .join(lineEnding + indent);
}
