import * as fs from 'node:fs';
import * as path from 'node:path';
import * as url from 'node:url';
import type { Node, Tree } from 'web-tree-sitter';
import { DocumentTrees } from '../syntax/documentTrees';
import { GrammarRegistry, type LoadedGrammar } from '../syntax/grammarRegistry';
import { queryRange, stringOrCommentAt } from '../syntax/syntaxQueries';
import { seededRandom, type Random } from './seededRandom';

/**
 * Fill-in-the-middle cases drawn from the user's own files: a piece of a file is taken
 * out, and the completion at that point should write it back.
 * - line: the rest of a line, from a cursor after some code on a line of real code;
 * - block: a body, from the start of its first statement (the line after its opener) to its end;
 * - span: a piece inside one line (a call's arguments, an expression) with code after it.
 */
export type CaseKind = 'line' | 'block' | 'span';
export const CASE_KINDS: readonly CaseKind[] = ['line', 'block', 'span'];

export interface CompleteCase {
  /** Relative to the project root, with `/`. */
  file: string;
  /** The language id an editor would send for the file (its grammar's first). */
  languageId: string;
  kind: CaseKind;
  /** The document without the middle. */
  text: string;
  /** The cursor, a UTF-16 offset into `text`: the middle was taken out here. */
  offset: number;
  /** The middle: what a perfect completion inserts at `offset`. */
  expected: string;
}

/** Larger files are generated or data, and slow to parse; a user's completions are not drawn there. */
const MAX_FILE_BYTES = 1_000_000;
/** A block longer than this is not a completion's size. */
const MAX_BLOCK_CHARS = 1_000;
/** Longer lines are minified or generated code. */
const MAX_LINE_CHARS = 400;
/** A line with less code than this (`}`, `pass`, `else:`) has no rest worth completing. */
const MIN_LINE_CODE = 6;
const MIN_SPAN_CHARS = 3;
/** Draws of one kind in a row that found nothing new before that kind is given up. */
const MAX_TRIES = 200;

/** Where a middle can be taken: the cursor somewhere in [from, to], the middle up to `end`. */
interface Place {
  from: number;
  to: number;
  end: number;
}

interface Source {
  rel: string;
  languageId: string;
  text: string;
  places: Record<CaseKind, Place[]>;
}

/**
 * `count` cases from `files` (absolute paths under `root`), about as many of each kind
 * (a kind no file has room for leaves its share to the others). The same files and seed
 * give the same cases: files are taken in sorted order and every choice comes from the
 * seeded generator. Files over 1 MB, binary files and files without a grammar are skipped.
 */
export async function drawCompleteCases(root: string, files: readonly string[], count: number, seed: number): Promise<CompleteCase[]> {
  const registry = new GrammarRegistry();
  const loader = new SourceLoader(root, registry);
  const rnd = seededRandom(seed);
  const sorted = [...files].sort();
  // The files that may still have a new place of each kind.
  const usable: Record<CaseKind, string[]> = { line: [...sorted], block: [...sorted], span: [...sorted] };
  const exhausted = new Set<CaseKind>();
  const seen = new Set<string>();
  const cases: CompleteCase[] = [];
  while (cases.length < count && exhausted.size < CASE_KINDS.length) {
    const turn = cases.length % CASE_KINDS.length;
    const kind = [...CASE_KINDS.slice(turn), ...CASE_KINDS.slice(0, turn)].find((k) => !exhausted.has(k))!;
    const drawn = await drawOne(kind, usable[kind], loader, rnd, seen);
    if (drawn) cases.push(drawn);
    else exhausted.add(kind);
  }
  return cases;
}

async function drawOne(kind: CaseKind, usable: string[], loader: SourceLoader, rnd: Random, seen: Set<string>): Promise<CompleteCase | undefined> {
  for (let tries = 0; tries < MAX_TRIES && usable.length > 0; tries++) {
    const index = rnd.int(0, usable.length - 1);
    const source = await loader.load(usable[index]);
    if (!source || source.places[kind].length === 0) {
      usable.splice(index, 1);
      continue;
    }
    const place = rnd.pick(source.places[kind]);
    const offset = rnd.int(place.from, place.to);
    const key = `${source.rel}\n${offset}\n${place.end}`;
    const expected = source.text.slice(offset, place.end);
    if (seen.has(key) || expected.trim() === '') continue;
    seen.add(key);
    return { file: source.rel, languageId: source.languageId, kind, text: source.text.slice(0, offset) + source.text.slice(place.end), offset, expected };
  }
  return undefined;
}

/** Reads and parses each file once, on first use, and keeps only its places (trees are freed at once). */
class SourceLoader {
  private readonly sources = new Map<string, Source | undefined>();
  private readonly trees: DocumentTrees;

  constructor(
    private readonly root: string,
    private readonly registry: GrammarRegistry,
  ) {
    this.trees = new DocumentTrees(registry);
  }

  async load(file: string): Promise<Source | undefined> {
    if (!this.sources.has(file)) this.sources.set(file, await this.read(file));
    return this.sources.get(file);
  }

  private async read(file: string): Promise<Source | undefined> {
    const entry = this.registry.entryFor('', file);
    if (!entry) return undefined;
    let bytes: Buffer;
    try {
      if (fs.statSync(file).size > MAX_FILE_BYTES) return undefined;
      bytes = fs.readFileSync(file);
    } catch {
      return undefined; // gone or unreadable since it was listed
    }
    if (bytes.includes(0)) return undefined; // binary
    const text = bytes.toString('utf8');
    const uri = url.pathToFileURL(file).href;
    this.trees.open(uri, entry.languageIds[0], text, 1);
    const syntax = await this.trees.snapshot(uri, text, 1);
    this.trees.close(uri);
    if (!syntax) return undefined;
    try {
      const { tree, grammar } = syntax;
      const places = { line: linePlaces(text, tree), block: blockPlaces(text, tree, grammar), span: spanPlaces(text, tree) };
      return { rel: path.relative(this.root, file).split(path.sep).join('/'), languageId: entry.languageIds[0] ?? entry.id, text, places };
    } finally {
      syntax.dispose();
    }
  }
}

/** One line's bounds: where its code starts and ends (trailing whitespace left out) and where the line ends (before `\r\n`). */
interface Line {
  contentStart: number;
  codeEnd: number;
  end: number;
}

function lineAt(text: string, offset: number): Line {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const nl = text.indexOf('\n', offset);
  const end = nl < 0 ? text.length : text[nl - 1] === '\r' ? nl - 1 : nl;
  const line = text.slice(start, end);
  const contentStart = start + (line.length - line.trimStart().length);
  return { contentStart, codeEnd: Math.max(contentStart, start + line.trimEnd().length), end };
}

/** Lines of code (not comments, not inside a multi-line string) with enough of it: the cursor anywhere after the first character of code. */
function linePlaces(text: string, tree: Tree): Place[] {
  const places: Place[] = [];
  for (let start = 0; start < text.length; ) {
    const line = lineAt(text, start);
    const nl = text.indexOf('\n', start);
    start = nl < 0 ? text.length : nl + 1;
    const code = text.slice(line.contentStart, line.codeEnd);
    if (code.length < MIN_LINE_CODE || line.end - line.contentStart > MAX_LINE_CHARS || !/\w/.test(code)) continue;
    const around = stringOrCommentAt(tree, line.contentStart + 1);
    if (around && (around.startIndex < line.contentStart || around.type.includes('comment'))) continue;
    places.push({ from: line.contentStart + 1, to: line.codeEnd - 1, end: line.end });
  }
  return places;
}

/**
 * Bodies that start on the line after their opener: from the first statement (the cursor
 * at its indentation) to the end of the last. Where the grammar nests one body node in
 * another (Go's block and statement_list) the same body is one place.
 */
function blockPlaces(text: string, tree: Tree, grammar: LoadedGrammar): Place[] {
  const places = new Map<string, Place>();
  for (const { node: block } of grammar.queries.blocks.captures(tree.rootNode, queryRange(0, text.length))) {
    if (block.hasError) continue;
    const statements = block.namedChildren.filter((c): c is Node => c !== null && !c.type.includes('comment'));
    const first = firstStatement(text, block, statements);
    if (!first) continue;
    const end = bodyEnd(text, statements[statements.length - 1]);
    if (end - first.startIndex > MAX_BLOCK_CHARS) continue;
    places.set(`${first.startIndex}:${end}`, { from: first.startIndex, to: first.startIndex, end });
  }
  return [...places.values()];
}

/**
 * Where a body ends: after its last statement and the separator the grammar keeps beside
 * it (TypeScript's `;` after an interface member, Go's line end), before any whitespace.
 */
function bodyEnd(text: string, last: Node): number {
  let end = last.endIndex;
  for (let next = last.nextSibling; next && !next.isNamed && /^(?:;|,|\n)$/.test(next.type); next = next.nextSibling) end = next.endIndex;
  return last.startIndex + text.slice(last.startIndex, end).trimEnd().length;
}

/**
 * The body's first statement, where it starts its own line: the block's first child where
 * the block starts with it (Python's block has no brace), else the first child on a line of
 * its own after the opener's line (a `case x:` has its value on that line).
 */
function firstStatement(text: string, block: Node, statements: Node[]): Node | undefined {
  if (statements.length === 0) return undefined;
  if (statements[0].startIndex === block.startIndex) return startsItsLine(text, statements[0].startIndex) ? statements[0] : undefined;
  const index = statements.findIndex((s) => startsItsLine(text, s.startIndex));
  if (index < 0 || statements.slice(0, index).some((s) => s.startPosition.row !== block.startPosition.row)) return undefined;
  return statements[index];
}

function startsItsLine(text: string, offset: number): boolean {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return text.slice(lineStart, offset).trim() === '';
}

/**
 * Pieces inside one line with code before and after them: the arguments between a call's
 * parentheses, and expressions (any named node with parts: a call, a member access, an
 * operation, a literal). Single names and numbers are left out: a one-token middle says
 * little about the model.
 */
function spanPlaces(text: string, tree: Tree): Place[] {
  const places = new Map<string, Place>();
  const add = (start: number, end: number): void => {
    const line = lineAt(text, start);
    if (text.slice(start, end).includes('\n') || end - start < MIN_SPAN_CHARS || line.end - line.contentStart > MAX_LINE_CHARS) return;
    if (start <= line.contentStart || end >= line.codeEnd) return;
    places.set(`${start}:${end}`, { from: start, to: start, end });
  };
  // A stack, not recursion: generated code nests deeper than the call stack goes.
  const stack: Node[] = [tree.rootNode];
  for (let node = stack.pop(); node; node = stack.pop()) {
    if (node.type.includes('comment') || node.isError || node.isMissing) continue;
    if (node.isNamed && node.childCount > 0 && node.startPosition.row === node.endPosition.row) {
      if (/^(?:argument_list|arguments)$/.test(node.type)) {
        const inner = text.slice(node.startIndex + 1, node.endIndex - 1);
        const start = node.startIndex + 1 + (inner.length - inner.trimStart().length);
        add(start, start + inner.trim().length);
      } else if (node.parent) {
        add(node.startIndex, node.endIndex);
      }
    }
    for (const child of node.namedChildren.reverse()) if (child) stack.push(child);
  }
  return [...places.values()].sort((a, b) => a.from - b.from || a.end - b.end);
}
