import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { Language, Parser, Query } from 'web-tree-sitter';

/** One entry of grammars/manifest.json. */
export interface GrammarEntry {
  id: string;
  languageIds: string[];
  extensions: string[];
  /** The npm package and exact version grammars/wasm/<wasm> was taken from (grammars/refresh.mjs). */
  package: string;
  version: string;
  wasm: string;
  lineComment: string;
}

/** The query files every language has, by file name without `.scm`. */
export type QueryName = 'blocks' | 'scopes' | 'imports' | 'definitions' | 'stubs';
const QUERY_NAMES: readonly QueryName[] = ['blocks', 'scopes', 'imports', 'definitions', 'stubs'];

/** What the server runs of a query file: its patterns' captures and matches. */
export type QueryView = Pick<Query, 'captures' | 'matches'>;

/** A loaded grammar and its compiled queries. */
export interface LoadedGrammar {
  entry: GrammarEntry;
  language: Language;
  queries: Record<QueryName, QueryView>;
}

/** The grammars folder: beside dist/ when built, beside server/ in the source tree. */
export function findGrammarsDir(from = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'grammars', 'manifest.json');
    if (fs.existsSync(candidate)) return path.dirname(candidate);
    if (path.dirname(dir) === dir) throw new Error(`grammars/manifest.json not found above ${from}`);
  }
}

/**
 * A grammar's .wasm. It is kept in the repository, not loaded from its npm package: the
 * packages carry C sources and native builds, hundreds of MB, for one file each.
 */
export function wasmPath(grammarsDir: string, entry: GrammarEntry): string {
  return path.join(grammarsDir, 'wasm', entry.wasm);
}

/**
 * A query file's text. A file that starts with `; inherits: typescript` gets that
 * language's file first, so a grammar built on another (TSX on TypeScript) repeats nothing.
 */
// Stryker disable next-line ArrayDeclaration: `seen` is only compared with parent names, which match [\w-]+ and so never equal Stryker's filler
export function readQueryText(grammarsDir: string, languageId: string, name: string, seen: string[] = []): string {
  const text = fs.readFileSync(path.join(grammarsDir, 'queries', languageId, `${name}.scm`), 'utf8');
  const inherits = /^;\s*inherits:\s*([\w-]+(?:\s*,\s*[\w-]+)*)/.exec(text);
  if (!inherits) return text;
  const parents = inherits[1].split(',').map((p) => p.trim());
  if (parents.some((p) => seen.includes(p) || p === languageId)) throw new Error(`queries/${languageId}/${name}.scm inherits in a circle`);
  return [...parents.map((p) => readQueryText(grammarsDir, p, name, [...seen, languageId])), text].join('\n');
}

let runtime: Promise<void> | undefined;

/** How long the client must be quiet before queries are compiled ahead of need. */
const WARM_AFTER_MS = 300;

/**
 * Initialises web-tree-sitter's WASM runtime once per process. The server's bundle holds the
 * package's script (so the build's code cache holds it too), and the build copies its .wasm
 * beside the bundle: script and .wasm always come from one version, whatever version of the
 * package an install later puts in node_modules. Run from the modules (tests, tools), the
 * package's own.
 */
export function initParserRuntime(): Promise<void> {
  runtime ??= Parser.init({ locateFile: (file: string) => runtimeFile(file) });
  return runtime;
}

/** Where the runtime's `file` is: beside this script (the bundle), else in the package. */
function runtimeFile(file: string): string {
  const beside = path.join(__dirname, file);
  if (fs.existsSync(beside)) return beside;
  // createRequire: a bundler leaves its resolve to run time (it would warn about require.resolve).
  return path.join(path.dirname(createRequire(__filename).resolve('web-tree-sitter')), file);
}

/**
 * The grammars of grammars/manifest.json, loaded lazily: the first document of a language
 * pays for its grammar (tens of ms), other languages cost nothing.
 */
export class GrammarRegistry {
  readonly entries: GrammarEntry[];
  private loading = new Map<string, Promise<LoadedGrammar | undefined>>();
  private loaded = new Map<string, LoadedGrammar>();
  /** The latest warm-up: an older one stops. */
  private warming: object = {};
  private warmTimer?: NodeJS.Timeout;

  constructor(
    private readonly grammarsDir = findGrammarsDir(),
    private readonly onError: (message: string) => void = () => undefined,
  ) {
    const manifest = JSON.parse(fs.readFileSync(path.join(grammarsDir, 'manifest.json'), 'utf8')) as { languages: GrammarEntry[] };
    this.entries = manifest.languages;
    // Started now, while the client is still starting up: V8 compiles the runtime off the main
    // thread, and the first document's grammar waits less. A failure is reported by load().
    initParserRuntime().catch(() => undefined);
  }

  /** The grammar for a document: by its languageId, else by its file extension. */
  entryFor(languageId: string, uri: string): GrammarEntry | undefined {
    const id = languageId.toLowerCase();
    const byId = this.entries.find((e) => e.languageIds.includes(id) || e.id === id);
    if (byId) return byId;
    const ext = path.extname(uri.replace(/[?#].*$/, '')).toLowerCase();
    return ext ? this.entries.find((e) => e.extensions.includes(ext)) : undefined;
  }

  /**
   * Compiles the queries a completion uses after its request went out (imports and blocks
   * are compiled as the grammar loads) once the client has been quiet for a moment, one
   * per turn of the event loop (a request that arrives meanwhile goes first, and none while
   * `busy`: a completion is in flight or the user types), so that the
   * first completion in a newly opened language does not pay for them, while an editor that
   * opens dozens of documents at once is not held up compiling for each of their languages.
   * Only the latest call's grammar is warmed.
   */
  // Stryker disable all: speed only: queries compiled ahead of need are the same queries
  warm(grammar: LoadedGrammar, busy: () => boolean = () => false): void {
    const names: QueryName[] = ['scopes', 'definitions'];
    const token = (this.warming = {});
    const next = (): void => {
      if (this.warming !== token) return;
      // A compile takes up to ~100 ms: not while a completion is in flight or the user types.
      if (busy()) {
        this.warmTimer = setTimeout(next, WARM_AFTER_MS);
        this.warmTimer.unref();
        return;
      }
      const name = names.shift();
      if (!name) return;
      void grammar.queries[name];
      // Not unref'd: an unreferenced immediate waits for the next I/O, and would then compile
      // just as a message arrives, ahead of it.
      setImmediate(next);
    };
    clearTimeout(this.warmTimer);
    this.warmTimer = setTimeout(next, WARM_AFTER_MS);
    this.warmTimer.unref();
  }
  // Stryker restore all

  /** The grammar if it is already loaded (no waiting). */
  loadedGrammar(entry: GrammarEntry): LoadedGrammar | undefined {
    return this.loaded.get(entry.id);
  }

  /** Loads a grammar and its queries once; `undefined` (and one error) if it cannot load. */
  load(entry: GrammarEntry): Promise<LoadedGrammar | undefined> {
    let pending = this.loading.get(entry.id);
    if (!pending) {
      pending = this.loadNow(entry).catch((e: unknown) => {
        this.onError(`cannot load the ${entry.id} grammar (${wasmPath(this.grammarsDir, entry)}); using plain-text context: ${e instanceof Error ? e.message : String(e)}`);
        return undefined;
      });
      this.loading.set(entry.id, pending);
    }
    return pending;
  }

  private async loadNow(entry: GrammarEntry): Promise<LoadedGrammar> {
    await initParserRuntime();
    // Read here, not by a path: web-tree-sitter reads a path with import(), which code compiled
    // from a code cache (the bundle, main.ts) cannot run.
    const language = await Language.load(await fs.promises.readFile(wasmPath(this.grammarsDir, entry)));
    // Read now (a missing file fails the load, with its name); compiled when first used.
    const sources = Object.fromEntries(QUERY_NAMES.map((name) => [name, readQueryText(this.grammarsDir, entry.id, name)])) as Record<QueryName, string>;
    const grammar: LoadedGrammar = { entry, language, queries: lazyQueries(language, (name) => sources[name]) };
    // What every completion needs before its request goes out (imports and blocks, one
    // compile), compiled now: a grammar loads when its language's first document opens, often
    // while the editor is still sending others, and the first completion then waits less.
    // Stryker disable next-line ExpressionStatement: speed only: compiled on first use otherwise
    void grammar.queries.imports;
    this.loaded.set(entry.id, grammar);
    return grammar;
  }
}

/**
 * Query files compiled as one query. A compile scans the grammar's whole parse table whatever
 * the patterns (4-20 ms for TypeScript, twice that before V8 has optimised the scan), and a
 * first completion needs both of these before its request goes out.
 */
const COMPILED_TOGETHER: readonly (readonly QueryName[])[] = [['imports', 'blocks'], ['scopes'], ['definitions'], ['stubs']];

/**
 * The queries of a language, compiled on first use: compiling all five of four languages
 * takes about 250 ms, and a completion needs two or three of them (the stub query only with
 * a code action). Files compiled together each see only their own patterns' results. The
 * grammar files are tested to compile (test/unit/grammarFiles.test.ts).
 */
function lazyQueries(language: Language, source: (name: QueryName) => string): Record<QueryName, QueryView> {
  const queries = {} as Record<QueryName, QueryView>;
  for (const group of COMPILED_TOGETHER) {
    let views: Map<QueryName, QueryView> | undefined;
    const compile = (): Map<QueryName, QueryView> => {
      const texts = group.map(source);
      const query = new Query(language, texts.join('\n'));
      if (group.length === 1) return new Map([[group[0], query]]);
      // A file's patterns are those that start within its text (offsets are UTF-8 bytes).
      const result = new Map<QueryName, QueryView>();
      let textEnd = 0;
      let pattern = 0;
      group.forEach((name, i) => {
        textEnd += Buffer.byteLength(texts[i]) + 1;
        const first = pattern;
        while (pattern < query.patternCount() && query.startIndexForPattern(pattern) < textEnd) pattern++;
        result.set(name, patternsOf(query, first, pattern));
      });
      return result;
    };
    for (const name of group) {
      Object.defineProperty(queries, name, { enumerable: true, get: () => (views ??= compile()).get(name)! });
    }
  }
  return queries;
}

/** The results of patterns [first, end) of a query. */
function patternsOf(query: Query, first: number, end: number): QueryView {
  const own = (r: { patternIndex: number }): boolean => r.patternIndex >= first && r.patternIndex < end;
  return {
    captures: (node, options) => query.captures(node, options).filter(own),
    matches: (node, options) => query.matches(node, options).filter(own),
  };
}
