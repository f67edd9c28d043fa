import { Parser, type Tree } from 'web-tree-sitter';
import type { GrammarRegistry, LoadedGrammar } from './grammarRegistry';
import { parseRegion, reparseRegion, type Neighbourhood, type ParsedRange } from './regionParse';
import type { TreeEdit } from './textEdit';

/** A parsed view of one document version. The caller owns `tree` (a cheap copy) and must `dispose()` it. */
export interface SyntaxSnapshot {
  grammar: LoadedGrammar;
  tree: Tree;
  text: string;
  /** Where only a region of the document was parsed (`snapshot` with `near`): its ranges. */
  region?: readonly ParsedRange[];
  /** Parses `text` with an edit applied, reusing this tree; the caller deletes the result. */
  reparse(edit: TreeEdit, newText: string): Tree | undefined;
  /** Parses other code in the same language from scratch; the caller deletes the result. */
  parse(code: string): Tree | undefined;
  dispose(): void;
}

interface Entry {
  uri: string;
  languageId: string;
  grammar?: LoadedGrammar;
  /** The tree, edited up to `version`; parsed for it unless `pending` says otherwise. */
  tree?: Tree;
  version: number;
  /** Edits applied to `tree` but not yet parsed: the text they lead to. */
  pending?: { text: string; timer: NodeJS.Timeout };
  /** The latest text: what a whole parse in the background parses. */
  text: string;
  /** A whole parse in the background: the text it parses, and the edits made since, applied to its tree when it ends. */
  background?: { text: string; edits: TreeEdit[]; dropped?: boolean };
  lastUsed: number;
  /** When it was last used (Date.now()): trees idle longer than `idleTreeMs` are freed. */
  lastUsedAt: number;
}

/** A burst of keystrokes is parsed once, this long after the last one (or at once when needed). */
const IDLE_PARSE_MS = 40;
/** The latest opened document is parsed this long after it opened, unless another opened since. */
const OPEN_PARSE_MS = 300;
/** A whole parse in the background runs this long at a time: messages and model answers go between slices. */
const SLICE_MS = 2;
/** While `busy`, a whole parse in the background waits, looking again this often. */
const BUSY_RECHECK_MS = 10;
/** How often idle trees are looked for. */
const SWEEP_MS = 30_000;

export interface TreeLimits {
  /** At most this many trees are kept; the least recently used are freed and re-parsed when needed. */
  maxTrees: number;
  /** Documents longer than this (UTF-16 units) are not parsed: they get plain-text context. */
  maxDocumentLength: number;
  /** A tree not used for this long is freed (and re-parsed when needed again). */
  idleTreeMs: number;
}

export const DEFAULT_TREE_LIMITS: TreeLimits = { maxTrees: 64, maxDocumentLength: 5_000_000, idleTreeMs: 5 * 60_000 };

/**
 * One incremental tree per open document: `tree.edit` plus an incremental parse on each
 * change, freed on close. Trees beyond `maxTrees` are freed least-recently-used first, so
 * memory stays bounded with hundreds of open documents.
 */
export class DocumentTrees {
  private entries = new Map<string, Entry>();
  private parsers = new Map<string, Parser>();
  private clock = 0;
  private openParse?: NodeJS.Timeout;
  /** The latest opened document: parsed, and its language's queries compiled, ahead of need. */
  private latest?: Entry;

  /** Documents to parse whole in the background, one at a time, the first being parsed. */
  private backgroundQueue: Entry[] = [];
  /** Parsers for whole parses in the background: a halted parse resumes on its own parser only. */
  private backgroundParsers = new Map<string, Parser>();

  /** `busy`: a completion is in flight, or the user is typing; a whole parse in the background pauses meanwhile. */
  constructor(
    private readonly registry: GrammarRegistry,
    private readonly limits: TreeLimits = DEFAULT_TREE_LIMITS,
    private readonly busy: () => boolean = () => false,
  ) {
    setInterval(() => this.freeIdleTrees(), Math.min(SWEEP_MS, limits.idleTreeMs)).unref();
  }

  /** Frees the trees not used for `idleTreeMs`: their documents are parsed again when needed. */
  freeIdleTrees(now = Date.now()): void {
    for (const e of this.entries.values()) {
      if (e.tree && now - e.lastUsedAt > this.limits.idleTreeMs) {
        if (e.pending) clearTimeout(e.pending.timer);
        e.pending = undefined;
        e.tree.delete();
        e.tree = undefined;
      }
    }
  }

  /**
   * A document was opened: its grammar starts loading if this is the language's first, and
   * it is parsed when first needed, or after a pause if it is still the latest opened (an
   * editor restoring a session opens dozens at once; parsing them all would cost time and
   * memory for files nobody types in).
   */
  open(uri: string, languageId: string, text: string, version: number): void {
    this.close(uri);
    const entry: Entry = { uri, languageId, version, text, lastUsed: ++this.clock, lastUsedAt: Date.now() };
    this.entries.set(uri, entry);
    this.latest = entry;
    const grammarEntry = this.registry.entryFor(languageId, uri);
    if (!grammarEntry) return;
    const loaded = this.registry.loadedGrammar(grammarEntry);
// Stryker disable next-line ConditionalExpression: only a head start: without it the grammar comes from the registry's load, already done
    if (loaded) {
      entry.grammar = loaded;
      this.registry.warm(loaded, this.busy);
    // Stryker disable next-line BlockStatement: only a head start: snapshot() loads the grammar on first use all the same
    } else {
      // Stryker disable next-line BlockStatement: only a head start: snapshot() loads the grammar on first use all the same
      void this.registry.load(grammarEntry).then((grammar) => {
        // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator: only a head start: snapshot() sets the grammar itself, and a closed entry is dropped
        if (grammar && this.entries.get(uri) === entry) {
          entry.grammar = grammar; // parsed when first needed
// Stryker disable next-line ConditionalExpression,EqualityOperator,BlockStatement: speed only: compiling queries ahead of need changes no result
          if (this.latest === entry) this.registry.warm(grammar, this.busy);
        }
      });
    }
// Stryker disable next-line ConditionalExpression: clearTimeout(undefined) does nothing
    if (this.openParse) clearTimeout(this.openParse);
    this.openParse = setTimeout(() => {
      this.openParse = undefined;
// Stryker disable next-line ConditionalExpression,LogicalOperator: a closed document's or an already parsed one's parse, or one without a grammar, changes no result (entry.version is tested)
      if (this.entries.get(uri) === entry && !entry.tree && entry.grammar && entry.version === version) this.parseInBackground(entry);
    }, OPEN_PARSE_MS);
    this.openParse.unref();
  }

  /**
   * A document changed: its tree is edited at once for each change, and parsed
   * incrementally when the typing pauses or as soon as someone needs the tree.
   */
  change(uri: string, edits: readonly TreeEdit[], text: string, version: number): void {
    const entry = this.entries.get(uri);
    if (!entry) return;
    entry.text = text;
    entry.lastUsed = ++this.clock;
    entry.lastUsedAt = Date.now();
    entry.version = version;
    if (!entry.tree || !entry.grammar) {
      // Parsed in full when first needed; a parse in the background gets these edits when it ends.
      entry.background?.edits.push(...edits);
      return;
    }
    for (const edit of edits) entry.tree.edit(edit);
    this.parseWhenIdle(entry, text);
  }

  /** The edited tree is parsed (to `text`) once the typing pauses, or as soon as someone needs it. */
  private parseWhenIdle(entry: Entry, text: string): void {
// Stryker disable next-line ConditionalExpression: an older timer left running finds nothing pending and does nothing
    if (entry.pending) clearTimeout(entry.pending.timer);
    const timer = setTimeout(() => this.parsePending(entry), IDLE_PARSE_MS);
    timer.unref();
    entry.pending = { text, timer };
  }

  close(uri: string): void {
    const entry = this.entries.get(uri);
// Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator: only lets a closed entry be collected
    if (entry && this.latest === entry) this.latest = undefined;
// Stryker disable next-line ConditionalExpression: the timer finds the entry gone and does nothing
    if (entry?.pending) clearTimeout(entry.pending.timer);
    entry?.tree?.delete();
    this.entries.delete(uri);
  }

  /** Whether the document's whole tree is held, so that reading it needs no whole parse. */
  isParsed(uri: string): boolean {
    return this.entries.get(uri)?.tree !== undefined;
  }

  /** How many trees are held now (for tests and benchmarks). */
  treeCount(): number {
    let n = 0;
    for (const e of this.entries.values()) if (e.tree) n++;
    return n;
  }

  /**
   * A snapshot of the document's tree at `version`, parsing it if needed (waiting for its
   * grammar on first use). `undefined` when the language has no grammar or the file is too large.
   * With `near`, a document not parsed yet has only what a completion there reads parsed
   * (syntax/regionParse.ts: milliseconds where the whole takes a hundred), and is parsed
   * whole in the background.
   */
  async snapshot(uri: string, text: string, version: number, near?: Neighbourhood): Promise<SyntaxSnapshot | undefined> {
    const entry = this.entries.get(uri);
    if (!entry) return undefined;
    if (!entry.grammar) {
      const grammarEntry = this.registry.entryFor(entry.languageId, uri);
      const grammar = grammarEntry && (await this.registry.load(grammarEntry));
      if (!grammar || this.entries.get(uri) !== entry) return undefined;
      entry.grammar = grammar;
    }
    entry.lastUsed = ++this.clock;
    entry.lastUsedAt = Date.now();
    // The document moved on since this version (a request that waited): parsed on the side,
    // the document's own tree stays as it is.
    if (entry.version !== version) return this.sideSnapshot(entry.grammar, text, near);
    if (near && !entry.tree && text.length <= this.limits.maxDocumentLength) {
      const region = this.regionSnapshot(entry.grammar, text, near);
      if (region) {
        this.parseInBackground(entry);
        return region;
      }
    }
// Stryker disable next-line ConditionalExpression,EqualityOperator: speed only: without the incremental parse the next line parses the text in full, to the same tree
    if (entry.pending && entry.version === version && entry.pending.text === text) this.parsePending(entry);
// Stryker disable next-line ConditionalExpression: speed only: a needless full parse gives the same tree
    if (!entry.tree || entry.pending) this.parseFully(entry, text, version);
    if (!entry.tree) return undefined;
    return this.snapshotOf(entry.grammar, entry.tree.copy(), text);
  }

  /**
   * The tree as it stands, edited up to this version (positions shifted) but not parsed
   * since the latest keystrokes: what a completion can ask the model with at once, while the
   * parse happens as the model writes. Undefined when the tree is up to date (then
   * `snapshot` costs no parse) or there is none to edit.
   */
  editedSnapshot(uri: string, text: string, version: number): SyntaxSnapshot | undefined {
    const entry = this.entries.get(uri);
// Stryker disable next-line ConditionalExpression,LogicalOperator,OptionalChaining: a pending parse implies a tree and a grammar
    if (!entry?.tree || !entry.grammar || !entry.pending || entry.version !== version || entry.pending.text !== text) return undefined;
    entry.lastUsed = ++this.clock;
    entry.lastUsedAt = Date.now();
    return this.snapshotOf(entry.grammar, entry.tree.copy(), text);
  }

  /** A snapshot of a text that is not the document's latest: its region near the cursor, else the whole. */
  private sideSnapshot(grammar: LoadedGrammar, text: string, near: Neighbourhood | undefined): SyntaxSnapshot | undefined {
    if (text.length > this.limits.maxDocumentLength) return undefined;
    const region = near && this.regionSnapshot(grammar, text, near);
    if (region) return region;
    const tree = this.parserFor(grammar).parse(text) ?? undefined;
    return tree && this.snapshotOf(grammar, tree, text);
  }

  /** A snapshot of only what a completion at `near` reads (syntax/regionParse.ts), where such a region parses cleanly. */
  private regionSnapshot(grammar: LoadedGrammar, text: string, near: Neighbourhood): SyntaxSnapshot | undefined {
    const region = parseRegion(this.parserFor(grammar), text, near);
    return region && this.snapshotOf(grammar, region.tree, text, region.ranges);
  }

  /** A snapshot that owns `tree`; a region's tree is re-parsed within its ranges. */
  private snapshotOf(grammar: LoadedGrammar, tree: Tree, text: string, ranges?: ParsedRange[]): SyntaxSnapshot {
    const parser = this.parserFor(grammar);
    return {
      grammar,
      tree,
      text,
      region: ranges,
      reparse: (edit, newText) => {
        const edited = tree.copy();
        edited.edit(edit);
        try {
          return (ranges ? reparseRegion(parser, newText, edited, ranges, edit) : parser.parse(newText, edited)) ?? undefined;
        } finally {
          edited.delete();
        }
      },
      parse: (code) => parser.parse(code) ?? undefined,
      dispose: () => tree.delete(),
    };
  }

  /**
   * Parses the whole document in the background, SLICE_MS at a time (a halted tree-sitter
   * parse resumes where it stopped), so that neither the client's messages nor a model's
   * answer wait for a parse of a large file. Edits made meanwhile are applied to the tree
   * when it is done, as to any tree, and parsed incrementally when next needed.
   */
  private parseInBackground(entry: Entry): void {
    if (entry.tree || entry.background || !entry.grammar || entry.text.length > this.limits.maxDocumentLength) return;
    entry.background = { text: entry.text, edits: [] };
    this.backgroundQueue.push(entry);
    if (this.backgroundQueue.length === 1) setImmediate(() => this.parseSlice());
  }

  private parseSlice(): void {
    const entry = this.backgroundQueue[0];
    const { text, edits } = entry.background!;
    const parser = this.parserFor(entry.grammar!, this.backgroundParsers);
    const done = (): void => {
      entry.background = undefined;
      this.backgroundQueue.shift();
      if (this.backgroundQueue.length) setImmediate(() => this.parseSlice());
    };
    // Closed, or parsed meanwhile (a request could not wait): nothing to do.
    if (this.entries.get(entry.uri) !== entry || entry.background!.dropped) {
      parser.reset();
      return done();
    }
    if (this.busy()) {
      setTimeout(() => this.parseSlice(), BUSY_RECHECK_MS).unref();
      return;
    }
    const deadline = performance.now() + SLICE_MS;
    const tree = parser.parse(text, null, { progressCallback: () => performance.now() > deadline });
    if (!tree) {
      setImmediate(() => this.parseSlice());
      return;
    }
    entry.tree = tree;
    for (const edit of edits) tree.edit(edit);
    if (edits.length) this.parseWhenIdle(entry, entry.text);
    this.evict();
    done();
  }

  private parsePending(entry: Entry): void {
    const pending = entry.pending;
    if (!pending || this.entries.get(entry.uri) !== entry) return;
    clearTimeout(pending.timer);
    entry.pending = undefined;
    this.parseWith(entry, pending.text, entry.tree, entry.version);
  }

  private parseFully(entry: Entry, text: string, version = entry.version): void {
    if (entry.pending) clearTimeout(entry.pending.timer);
    entry.pending = undefined;
    entry.tree?.delete();
    entry.tree = undefined;
    this.parseWith(entry, text, undefined, version);
  }

  private parseWith(entry: Entry, text: string, oldTree: Tree | undefined, version: number): void {
    // A tree parsed now makes a whole parse in the background needless (its edits would be missed too).
    if (entry.background) entry.background.dropped = true;
    entry.version = version;
    if (!entry.grammar || text.length > this.limits.maxDocumentLength) {
      oldTree?.delete();
      entry.tree = undefined;
      return;
    }
    const tree = this.parserFor(entry.grammar).parse(text, oldTree) ?? undefined;
    oldTree?.delete();
    entry.tree = tree;
    this.evict();
  }

  /** The parser for a grammar from `pool` (the background's own pool: a halted parse resumes on its parser only). */
  private parserFor(grammar: LoadedGrammar, pool = this.parsers): Parser {
    let parser = pool.get(grammar.entry.id);
    if (!parser) {
      parser = new Parser();
      parser.setLanguage(grammar.language);
      pool.set(grammar.entry.id, parser);
    }
    return parser;
  }

  private evict(): void {
    const withTrees = [...this.entries.values()].filter((e) => e.tree);
    if (withTrees.length <= this.limits.maxTrees) return;
    withTrees.sort((a, b) => a.lastUsed - b.lastUsed);
    for (const e of withTrees.slice(0, withTrees.length - this.limits.maxTrees)) {
      e.tree!.delete();
      e.tree = undefined;
    }
  }
}
