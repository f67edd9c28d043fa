import type { StreamEnd } from '../postprocess/modelAnswer';

/** A model's answer as it came, and how its stream ended. */
export interface ModelAnswer {
  raw: string;
  end: StreamEnd;
}

/**
 * Per document: the last suggestion shown, so typing its first characters serves the rest
 * without a model call, and the last request sent, so identical context is never sent twice
 * in a row.
 */
export class SuggestionCache {
  private shown = new Map<string, { before: string; after: string; insertion: string }>();
  private sent = new Map<string, { key: string; answer: ModelAnswer }>();

  /** Remembers the suggestion offered at `offset` of `text`. */
  remember(uri: string, text: string, offset: number, insertion: string): void {
    this.shown.set(uri, { before: text.slice(0, offset), after: text.slice(offset), insertion });
  }

  /**
   * The rest of the last suggestion when the text is the same except that the user typed
   * (possibly nothing of) its beginning at the cursor; undefined otherwise.
   */
  continuation(uri: string, text: string, offset: number): string | undefined {
    const s = this.shown.get(uri);
    if (!s || offset < s.before.length || text.length - offset !== s.after.length) return undefined;
    const typed = text.slice(s.before.length, offset);
    if (!s.insertion.startsWith(typed) || s.insertion.length === typed.length) return undefined;
    if (!text.startsWith(s.before) || text.slice(offset) !== s.after) return undefined;
    return s.insertion.slice(typed.length);
  }

  /** The model's answer when `key` (the whole request) is the one sent last for this document. */
  lastAnswer(uri: string, key: string): ModelAnswer | undefined {
    const s = this.sent.get(uri);
    return s && s.key === key ? s.answer : undefined;
  }

  rememberAnswer(uri: string, key: string, answer: ModelAnswer): void {
    this.sent.set(uri, { key, answer });
  }

  forget(uri: string): void {
    this.shown.delete(uri);
    this.sent.delete(uri);
  }
}
