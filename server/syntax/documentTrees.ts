import { Parser, type Tree } from 'web-tree-sitter';
import type { GrammarRegistry, LoadedGrammar } from './grammarRegistry';
import { parseInput } from './parseInput';
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
  /**
   * Parses other code in the same language: from scratch, or reusing `old`, a tree of other
   * code edited to match this one (it stays the caller's); the caller deletes the result.
   */
  parse(code: string, old?: Tree): Tree | undefined;
  dispose(): void;
}

interface Entry {
  uri: string;
  languageId: string;
  grammar?: LoadedGrammar;
  /** The tree, edited up to `version`; parsed for it unless `pending` says otherwise. */
  tree?: Tree;
  version: number;
  /** Edits applied to `tree` but not yet parsed (they lead to `text`): the timer that parses them when the typing pauses. */
  pending?: NodeJS.Timeout;
  /** The latest text: what a parse in the background parses. */
  text: string;
  /** A parse running a slice at a time (the whole document, or its keystrokes). */
  job?: ParseJob;
  lastUsed: number;
  /** When it was last used (Date.now()): trees idle longer than `idleTreeMs` are freed. */
  lastUsedAt: number;
}

/**
 * A parse that runs SLICE_MS at a time on a parser of its own (a halted tree-sitter parse
 * resumes where it stopped, on its own parser only), so that neither the client's messages
 * nor a model's answer wait for it.
 */
interface ParseJob {
  text: string;
  /** The tree it re-parses incrementally (a copy of the edited one); none for a whole parse. */
  oldTree?: Tree;
  parser: Parser;
  /** Edits made since it started: applied to its tree when it ends. */
  edits: TreeEdit[];
}

/** A burst of keystrokes is parsed once, this long after the last one (or at once when needed). */
const IDLE_PARSE_MS = 40;
/** The latest opened document is parsed this long after it opened, unless another opened since. */
const OPEN_PARSE_MS = 300;
/** A parse in the background runs this long at a time: messages and model answers go between slices. */
const SLICE_MS = 2;
/** While `busy`, a parse in the background waits, looking again this often. */
const BUSY_RECHECK_MS = 10;
/** Parsers kept per grammar for parses in the background (one runs at a time, and one a completion finishes). */
const IDLE_PARSERS = 2;
/** How often idle trees are looked for. */
const SWEEP_MS = 30_000;

export interface TreeLimits {
  /** At most this many trees are kept; the least recently used are freed and re-parsed when needed. */
  maxTrees: number;
  /** Documents longer than this (UTF-16 units) are not parsed: they get plain-text context. */
  maxDocumentLength: number;
  /** A tree not used for this long is freed (and re-parsed when needed again). */
  idleTreeMs: number;
  /**
   * A completion waits this long at most for the parse of its keystrokes (Python's error
   * recovery re-parses 40-220 ms of a 10k-50k-line file it is typed into); past it, the
   * completion parses only the region it reads, and the parse goes on in the background.
   */
  parseBudgetMs?: number;
}

export const DEFAULT_TREE_LIMITS: TreeLimits = { maxTrees: 64, maxDocumentLength: 5_000_000, idleTreeMs: 5 * 60_000, parseBudgetMs: 15 };

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

  /** Documents whose parse runs in the background, one at a time, the first being parsed. */
  private backgroundQueue: Entry[] = [];
  private sliceScheduled = false;
  /** Parsers of finished background parses, by grammar, for the next ones. */
  private idleParsers = new Map<string, Parser[]>();

  /**
   * `busy`: a completion is in flight, or the user is typing; queries are not compiled ahead
   * of need meanwhile (a compile takes tens of ms in one go). `sliceBusy`: when a parse in
   * the background pauses (it runs SLICE_MS at a time); by default, when `busy`.
   */
  constructor(
    private readonly registry: GrammarRegistry,
    private readonly limits: TreeLimits = DEFAULT_TREE_LIMITS,
    private readonly busy: () => boolean = () => false,
    private readonly sliceBusy: () => boolean = busy,
  ) {
    setInterval(() => this.freeIdleTrees(), Math.min(SWEEP_MS, limits.idleTreeMs)).unref();
  }

  /** Frees the trees not used for `idleTreeMs`: their documents are parsed again when needed. */
  freeIdleTrees(now = Date.now()): void {
    for (const e of this.entries.values()) {
      if (e.tree && now - e.lastUsedAt > this.limits.idleTreeMs) this.freeTree(e);
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
      if (this.entries.get(uri) === entry && !entry.tree && entry.grammar && entry.version === version) this.startJob(entry);
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
    // A parse running meanwhile gets these edits when it ends.
    entry.job?.edits.push(...edits);
    // No tree: parsed in full when first needed.
    if (!entry.tree || !entry.grammar) return;
    for (const edit of edits) entry.tree.edit(edit);
    this.parseWhenIdle(entry);
  }

  /** The edited tree is parsed (to the latest text) in the background once the typing pauses, or as soon as someone needs it. */
  private parseWhenIdle(entry: Entry): void {
// Stryker disable next-line ConditionalExpression: an older timer left running finds nothing pending and does nothing
    if (entry.pending) clearTimeout(entry.pending);
    entry.pending = setTimeout(() => this.startJob(entry), IDLE_PARSE_MS);
    entry.pending.unref();
  }

  close(uri: string): void {
    const entry = this.entries.get(uri);
// Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator: only lets a closed entry be collected
    if (entry && this.latest === entry) this.latest = undefined;
// Stryker disable next-line ConditionalExpression: the timer finds the entry gone and does nothing
    if (entry) this.freeTree(entry);
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
    const grammar = entry && (await this.grammarOf(entry));
    if (!entry || !grammar) return undefined;
    entry.lastUsed = ++this.clock;
    entry.lastUsedAt = Date.now();
    // The document moved on since this version (a request that waited): parsed on the side,
    // the document's own tree stays as it is.
    if (entry.version !== version) return this.sideSnapshot(grammar, text, near);
    if (near && !entry.tree && text.length <= this.limits.maxDocumentLength) {
      const region = this.regionSnapshot(grammar, text, near);
      if (region) {
        this.startJob(entry);
        return region;
      }
    }
    if (entry.text === text) {
      // Keystrokes not parsed yet: a parse that takes longer than the budget goes on in the
      // background, and a completion gets the region it reads parsed instead.
      if (near && entry.pending) {
        const budget = this.limits.parseBudgetMs ?? DEFAULT_TREE_LIMITS.parseBudgetMs!;
        if (!this.finishParse(entry, performance.now() + budget)) {
          const region = this.regionSnapshot(grammar, text, near);
          if (region) return region;
        }
      }
      // The keystrokes, or the whole document, now (a parse running in the background is finished, not started again).
      this.finishParse(entry);
    }
// Stryker disable next-line ConditionalExpression: speed only: a needless full parse gives the same tree
    if (!entry.tree || entry.pending) this.parseFully(entry, text, version);
    if (!entry.tree) return undefined;
    return this.snapshotOf(grammar, entry.tree.copy(), text);
  }

  /**
   * A snapshot for one look at a document (another file's completion reads its definitions):
   * where the document has no tree and none is being parsed, its text is parsed on the side
   * and the tree goes with the snapshot. An editor may hold hundreds of documents open; a
   * tree is kept for those worked in, not for each one a completion read (a 10k-line file's
   * tree takes 6-10 MB of the parser's memory, which never shrinks).
   */
  async readOnce(uri: string, text: string, version: number): Promise<SyntaxSnapshot | undefined> {
    const entry = this.entries.get(uri);
    if (!entry || entry.tree || entry.job) return this.snapshot(uri, text, version);
    const grammar = await this.grammarOf(entry);
    return grammar && this.sideSnapshot(grammar, text, undefined);
  }

  /**
   * The entry's grammar, loading it on first use; undefined for a language without one, or
   * for a document closed while its grammar loaded.
   */
  private async grammarOf(entry: Entry): Promise<LoadedGrammar | undefined> {
    if (entry.grammar) return entry.grammar;
    const grammarEntry = this.registry.entryFor(entry.languageId, entry.uri);
    const grammar = grammarEntry && (await this.registry.load(grammarEntry));
    if (!grammar || this.entries.get(entry.uri) !== entry) return undefined;
    return (entry.grammar = grammar);
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
    if (!entry?.tree || !entry.grammar || !entry.pending || entry.version !== version || entry.text !== text) return undefined;
    entry.lastUsed = ++this.clock;
    entry.lastUsedAt = Date.now();
    return this.snapshotOf(entry.grammar, entry.tree.copy(), text);
  }

  /** A snapshot of a text that is not the document's latest: its region near the cursor, else the whole. */
  private sideSnapshot(grammar: LoadedGrammar, text: string, near: Neighbourhood | undefined): SyntaxSnapshot | undefined {
    if (text.length > this.limits.maxDocumentLength) return undefined;
    const region = near && this.regionSnapshot(grammar, text, near);
    if (region) return region;
    const tree = this.parserFor(grammar).parse(parseInput(text)) ?? undefined;
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
          return (ranges ? reparseRegion(parser, newText, edited, ranges, edit) : parser.parse(parseInput(newText), edited)) ?? undefined;
        } finally {
          edited.delete();
        }
      },
      parse: (code, old) => parser.parse(parseInput(code), old) ?? undefined,
      dispose: () => tree.delete(),
    };
  }

  /**
   * Starts the entry's parse in the background (the whole document, or its keystrokes since
   * the last parse), unless one is running or there is nothing to parse.
   */
  private startJob(entry: Entry): void {
    if (entry.job || !entry.grammar || entry.text.length > this.limits.maxDocumentLength || (entry.tree && !entry.pending)) return;
// Stryker disable next-line OptionalChaining,LogicalOperator: speed only: a new parser parses the same
    const parser = this.idleParsers.get(entry.grammar.entry.id)?.pop() ?? new Parser();
    parser.setLanguage(entry.grammar.language);
    entry.job = { text: entry.text, oldTree: entry.tree?.copy(), parser, edits: [] };
    this.backgroundQueue.push(entry);
    this.scheduleSlice();
  }

  // Stryker disable all: when slices run changes no tree (the tests wait for them); busy is tested
  private scheduleSlice(delayMs = 0): void {
    if (this.sliceScheduled || this.backgroundQueue.length === 0) return;
    this.sliceScheduled = true;
    const run = (): void => {
      this.sliceScheduled = false;
      this.parseSlice();
    };
    if (delayMs) setTimeout(run, delayMs).unref();
    // Not unref'd: with no referenced immediate, the event loop waits for I/O before running it.
    else setImmediate(run);
  }

  private parseSlice(): void {
    const entry = this.backgroundQueue[0];
    if (!entry) return;
    // Stryker restore all
    if (this.sliceBusy()) return this.scheduleSlice(BUSY_RECHECK_MS);
// Stryker disable next-line ArithmeticOperator: speed only: a slice that stops at its first look at the clock still moves the parse on
    this.runJob(entry, performance.now() + SLICE_MS);
    this.scheduleSlice();
  }

  /**
   * Parses the entry's pending keystrokes (or, without a tree, the whole document) as far as
   * `until` allows, or to the end; whether the tree is now up to date.
   */
  private finishParse(entry: Entry, until?: number): boolean {
    while (entry.pending || !entry.tree) {
      this.startJob(entry);
// Stryker disable next-line ConditionalExpression: defensive: snapshot() asks only where a job can start (a grammar, a text within the limit)
      if (!entry.job) return false;
      if (!this.runJob(entry, until)) return false;
    }
    return true;
  }

  /** Runs the entry's parse (until `until`, or to the end); whether it ended. */
  private runJob(entry: Entry, until?: number): boolean {
    const job = entry.job!;
    const options = until === undefined ? undefined : { progressCallback: () => performance.now() > until };
    // Stryker disable next-line LogicalOperator: speed only: a parse without the old tree gives the same tree
    const tree = job.parser.parse(parseInput(job.text), job.oldTree ?? null, options) ?? undefined;
    if (!tree) return false;
    this.endJob(entry);
    // The edits made meanwhile, as to any tree: parsed incrementally when next needed.
    for (const edit of job.edits) tree.edit(edit);
    entry.tree?.delete();
    entry.tree = tree;
// Stryker disable next-line ConditionalExpression: a timer left running finds nothing pending and starts nothing
    if (entry.pending) clearTimeout(entry.pending);
    entry.pending = undefined;
    if (job.edits.length) this.parseWhenIdle(entry);
    this.evict();
    return true;
  }

  /** Stops the entry's parse in the background, if one runs, and frees what it holds. */
  private endJob(entry: Entry): void {
    const job = entry.job;
    if (!job) return;
    entry.job = undefined;
    const queued = this.backgroundQueue.indexOf(entry);
// Stryker disable next-line ConditionalExpression: a job is always queued; splice(-1) would drop another entry's
    if (queued >= 0) this.backgroundQueue.splice(queued, 1);
    job.oldTree?.delete();
    // Kept for the next parse in the language (a parser holds buffers a new one would allocate again).
    job.parser.reset();
    // Stryker disable all: speed and memory only: a parser kept or freed parses the same
    const idle = this.idleParsers.get(entry.grammar!.entry.id) ?? [];
    if (idle.length < IDLE_PARSERS) idle.push(job.parser);
    else job.parser.delete();
    this.idleParsers.set(entry.grammar!.entry.id, idle);
    // Stryker restore all
  }

  /** Frees the entry's tree, with its pending keystrokes and any parse running for it. */
  private freeTree(entry: Entry): void {
    this.endJob(entry);
    if (entry.pending) clearTimeout(entry.pending);
    entry.pending = undefined;
    entry.tree?.delete();
    entry.tree = undefined;
  }

  /** Parses `text` whole, now (a parse running in the background is dropped: its edits would be missed). */
  private parseFully(entry: Entry, text: string, version = entry.version): void {
    this.freeTree(entry);
    entry.version = version;
    if (!entry.grammar || text.length > this.limits.maxDocumentLength) return;
    entry.tree = this.parserFor(entry.grammar).parse(parseInput(text)) ?? undefined;
    this.evict();
  }

  /** The parser for a grammar, shared by the parses that run at once. */
  private parserFor(grammar: LoadedGrammar): Parser {
    let parser = this.parsers.get(grammar.entry.id);
    if (!parser) {
      parser = new Parser();
      parser.setLanguage(grammar.language);
      this.parsers.set(grammar.entry.id, parser);
    }
    return parser;
  }

  private evict(): void {
    const withTrees = [...this.entries.values()].filter((e) => e.tree);
    if (withTrees.length <= this.limits.maxTrees) return;
    withTrees.sort((a, b) => a.lastUsed - b.lastUsed);
    for (const e of withTrees.slice(0, withTrees.length - this.limits.maxTrees)) this.freeTree(e);
  }
}
