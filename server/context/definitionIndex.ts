import type { DocumentTrees } from '../syntax/documentTrees';
import { definitions, type Span } from '../syntax/syntaxQueries';

export type NamedSpan = Span & { name: string };

/**
 * The named definitions of each open document, found once per document version: other
 * files' definitions are looked up on every completion, and a query over a large file
 * on each would cost more than the completion itself.
 */
/** The pause before each document whose definitions a request skipped is parsed. */
const LATER_MS = 50;

export class DefinitionIndex {
  private entries = new Map<string, { version: number; definitions: Promise<NamedSpan[]>; found?: NamedSpan[] }>();
  /** Documents whose definitions a request skipped, to be found one by one. */
  private queue = new Map<string, { text: string; version: number }>();
  private timer?: NodeJS.Timeout;

  /** `busy`: a completion is in flight or the user is typing; documents are parsed after, not in the way of an answer or a keystroke. */
  constructor(
    private readonly trees: DocumentTrees,
    private readonly busy: () => boolean = () => false,
  ) {}

  /** The definitions of `uri` at `version` (of `text`); empty without a grammar. */
  of(uri: string, text: string, version: number): Promise<NamedSpan[]> {
    const known = this.entries.get(uri);
    if (known && known.version === version) return known.definitions;
    // Stryker disable next-line ArrayDeclaration: a placeholder, replaced on the next line
    const entry: { version: number; definitions: Promise<NamedSpan[]>; found?: NamedSpan[] } = { version, definitions: Promise.resolve([]) };
    entry.definitions = this.trees.readOnce(uri, text, version).then((syntax) => {
      if (!syntax) return (entry.found = []);
      try {
        return (entry.found = definitions(syntax.grammar, syntax.tree));
      } finally {
        syntax.dispose();
      }
    });
    this.entries.set(uri, entry);
    return entry.definitions;
  }

  /**
   * The definitions if they are known for this version, else none now: they are found
   * later, one document at a time (parsing other files must not delay a completion), for
   * the next request.
   */
  ifKnown(uri: string, text: string, version: number): NamedSpan[] {
    const known = this.entries.get(uri);
    if (known?.version === version) return known.found ?? [];
    this.queue.set(uri, { text, version });
    if (!this.timer) {
      this.timer = setTimeout(() => this.findNext(), LATER_MS);
      this.timer.unref();
    }
    return [];
  }

  private findNext(): void {
    this.timer = undefined;
    // Stryker disable next-line ConditionalExpression,BlockStatement: speed only: the same definitions are found a moment later
    if (this.busy()) {
      this.timer = setTimeout(() => this.findNext(), LATER_MS);
      this.timer.unref();
      return;
    }
    const next = this.queue.entries().next();
    // Stryker disable next-line ConditionalExpression: a guard: the timer runs only with something queued (forget() may empty it)
    if (next.done) return;
    const [uri, { text, version }] = next.value;
    this.queue.delete(uri);
    // Stryker disable next-line ConditionalExpression: speed only: of() finds the same definitions again
    if (this.entries.get(uri)?.version !== version) void this.of(uri, text, version);
    // Stryker disable next-line ConditionalExpression: a timer with nothing queued finds nothing to do
    if (this.queue.size) {
      this.timer = setTimeout(() => this.findNext(), LATER_MS);
      this.timer.unref();
    }
  }

  forget(uri: string): void {
    this.queue.delete(uri);
    this.entries.delete(uri);
  }
}
