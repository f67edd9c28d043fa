import type { Node } from 'web-tree-sitter';
import type { CodeParser } from './reduceToBody';

/**
 * One thing a file imports, on whole lines: a statement (`import os`, `use a::b;`,
 * `const x = require('x')`), or one spec of a Go `import ( ... )` group.
 */
interface ImportEntry {
  /** The entry's text from its first character (later lines as written). */
  text: string;
  /** First and last line, 0-based. */
  first: number;
  last: number;
  /** The first line's indentation. */
  indent: string;
  /** A Go spec (`"strings"`, `str "strings"`): what the entry imports, in either form. */
  goSpec?: string;
  /** Whether it is a spec inside a Go group, which takes a bare spec line. */
  grouped: boolean;
}

/**
 * The file with the import entries the answer has and the file lacks: each is put next to
 * the entry the answer has it next to, else where the file's order puts it (the run of
 * imports most like it, sorted where that run is sorted). An import the file has is never
 * removed; one the answer widens (`from x import a` to `from x import a, b`) is replaced
 * by the wider one. The file comes back as it was when the answer adds nothing.
 */
export function mergeImports(file: string, answer: string, parse: CodeParser): string {
  const wanted = importEntries(answer, parse);
  if (!wanted?.length) return file;
  let out = file;
  for (let i = 0; i < wanted.length; i++) {
    const have = importEntries(out, parse);
    if (!have) return file;
    const e = wanted[i];
    if (have.some((h) => sameEntry(h, e))) continue;
    const lines = out.split('\n');
    const widened = have.find((h) => widens(h, e));
    if (widened) {
      lines.splice(widened.first, 1, widened.indent + e.text);
      out = lines.join('\n');
      continue;
    }
    // Its neighbours in the answer that the file has; the one on the same run of lines first.
    const beforeIn = wanted.slice(0, i).reverse().find((w) => have.some((h) => sameEntry(h, w)));
    const afterIn = wanted.slice(i + 1).find((w) => have.some((h) => sameEntry(h, w)));
    const before = beforeIn && have.find((h) => sameEntry(h, beforeIn));
    const after = afterIn && have.find((h) => sameEntry(h, afterIn));
    const useAfter = after && (!before || (afterIn.first === e.last + 1 && beforeIn!.last + 1 !== e.first));
    const place = useAfter ? { at: after.first, like: after } : before ? { at: before.last + 1, like: before } : placeByOrder(have, e);
    if (!place) {
      out = atTop(out, e.goSpec !== undefined ? `import ${e.goSpec}` : e.text);
      continue;
    }
    lines.splice(place.at, 0, ...entryLines(e, place.like));
    out = lines.join('\n');
  }
  return out;
}

/** The entry's lines where `like` is its neighbour: a Go spec takes the neighbour's form (in a group or not). */
function entryLines(e: ImportEntry, like: ImportEntry): string[] {
  if (e.goSpec !== undefined) return [like.grouped ? like.indent + e.goSpec : `${like.indent}import ${e.goSpec}`];
  return (like.indent + e.text).split('\n');
}

/**
 * Where the file's own order puts an entry none of whose neighbours in the answer the file
 * has: in the run of entries (consecutive lines) holding the one most like it, among the
 * entries of that run that share the most of its path, at its sorted place where those
 * are sorted, else after them (at the end of the run when none shares any). A plain `import x` with only `from` imports in
 * its run goes first (Python's convention).
 */
function placeByOrder(have: ImportEntry[], e: ImportEntry): { at: number; like: ImportEntry } | undefined {
  // A Go spec joins a group where there is one (what gofmt and goimports do).
  const pool = e.goSpec !== undefined && have.some((h) => h.grouped) ? have.filter((h) => h.grouped) : have;
  if (pool.length === 0) return undefined;
  const key = sortKey(e);
  // The same form first (`import` with `import`), then the longest shared path; on a tie the
  // first (the standard library's run, in most files).
  const score = (h: ImportEntry) => (firstWord(h) === firstWord(e) ? 10_000 : 0) + commonPrefix(sortKey(h), key);
  const best = pool.reduce((a, h) => (score(h) > score(a) ? h : a));
  const run = [best];
  for (let i = pool.indexOf(best) - 1; i >= 0 && pool[i].last + 1 === run[0].first; i--) run.unshift(pool[i]);
  for (let i = pool.indexOf(best) + 1; i < pool.length && pool[i].first === run[run.length - 1].last + 1; i++) run.push(pool[i]);
  const alike = run.filter((h) => firstWord(h) === firstWord(e));
  if (alike.length === 0 && firstWord(e) === 'import' && run.every((h) => firstWord(h) === 'from')) return { at: run[0].first, like: run[0] };
  // The entries that share the most of the path with it: `crate::it::*` for `crate::it::x`.
  const shared = Math.max(...alike.map((h) => commonPrefix(sortKey(h), key)));
  const near = alike.filter((h) => commonPrefix(sortKey(h), key) === shared);
  const keys = near.map(sortKey);
  const last = (list: ImportEntry[]) => ({ at: list[list.length - 1].last + 1, like: list[list.length - 1] });
  if (near.length && keys.every((k, i) => i === 0 || keys[i - 1] <= k)) {
    const next = near.find((h) => sortKey(h) > key);
    return next ? { at: next.first, like: next } : last(near);
  }
  // Unsorted: after its kin where the path says which, else where new imports go, at the end.
  return shared > 0 ? last(near) : last(alike.length ? alike : run);
}

/**
 * Where a new import goes in the file, as an offset at a line start: after the file's last
 * import, else after a first line that must stay first, else at the top.
 */
export function importsEnd(file: string, parse: CodeParser): number {
  const have = importEntries(file, parse) ?? [];
  const lines = file.split('\n');
  const line = have.length ? Math.max(...have.map((h) => h.last)) + 1 : /^(package |#!|<\?php)/.test(file) ? 1 : 0;
  // A Go group's closing parenthesis belongs to the imports.
  const end = have.some((h) => h.grouped && h.last + 1 === line) && /^\s*\)/.test(lines[line] ?? '') ? line + 1 : line;
  return Math.min(file.length, lines.slice(0, end).reduce((n, l) => n + l.length + 1, 0));
}

/**
 * A file without imports gets the entry after what must stay first: a package clause,
 * shebang or `<?php`, and the file's opening comments, module docstring or `'use strict'`
 * (an import above a Python docstring would turn it into a plain string).
 */
function atTop(file: string, text: string): string {
  const at = headerEnd(file);
  if (at === 0) return `${text}\n\n${file}`;
  const before = file.slice(0, at).replace(/\n*$/, '\n');
  const rest = file.slice(at);
  return `${before}\n${text}\n${rest.startsWith('\n') ? rest : `\n${rest}`}`;
}

/** Where the lines that open a file (package clause, shebang, comments, docstring, directives) end. */
function headerEnd(file: string): number {
  const lines = file.split('\n');
  let i = 0;
  let inBlock: string | undefined;
  for (; i < lines.length; i++) {
    const t = lines[i].trim();
    if (inBlock) {
      if (t.includes(inBlock)) inBlock = undefined;
      continue;
    }
    if (t === '' || /^(package |#|\/\/|<\?php|['"]use strict['"])/.test(t)) continue;
    const opener = /^(\/\*|"""|''')/.exec(t)?.[1];
    if (!opener) break;
    const closer = opener === '/*' ? '*/' : opener;
    if (!t.slice(opener.length).includes(closer)) inBlock = closer;
  }
  // Back over trailing blank lines: the import goes right after the header.
  while (i > 0 && lines[i - 1].trim() === '') i--;
  return lines.slice(0, i).reduce((n, l) => n + l.length + 1, 0);
}

/** The import entries of code, in order; only those at column 0 (the file's own, not a function's). Undefined when it cannot be parsed. */
function importEntries(code: string, parse: CodeParser): ImportEntry[] | undefined {
  const parsed = parse(code);
  if (!parsed) return undefined;
  try {
    const lineStarts = [0];
    for (let i = code.indexOf('\n'); i >= 0; i = code.indexOf('\n', i + 1)) lineStarts.push(i + 1);
    const lineOf = (offset: number) => {
      let lo = 0;
      // Stryker disable next-line ArithmeticOperator: a bound past the end reads undefined, which is never <= offset, so the search ends on the same line
      let hi = lineStarts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (lineStarts[mid] <= offset) lo = mid;
        else hi = mid - 1;
      }
      return lo;
    };
    const entry = (n: Node, extra: Partial<ImportEntry> = {}): ImportEntry => {
      const first = lineOf(n.startIndex);
      return { text: n.text, first, last: lineOf(Math.max(n.startIndex, n.endIndex - 1)), indent: code.slice(lineStarts[first], n.startIndex), grouped: false, ...extra };
    };
    const out: ImportEntry[] = [];
    const seen = new Set<number>();
    for (const c of parsed.grammar.queries.imports.captures(parsed.tree.rootNode)) {
      const n = c.node;
      if (c.name !== 'import' || seen.has(n.id) || n.type === 'package_clause' || n.startIndex !== lineStarts[lineOf(n.startIndex)]) continue;
      seen.add(n.id);
      if (n.type !== 'import_declaration') {
        out.push(entry(n));
        continue;
      }
      // Go: one entry per spec, so that a spec is found whether grouped or not.
      // Stryker disable next-line OptionalChaining: a parsed tree's named children are never null
      const list = n.namedChildren.find((k) => k?.type === 'import_spec_list');
      if (!list) {
        // Stryker disable next-line OptionalChaining: a parsed tree's named children are never null
        const spec = n.namedChildren.find((k) => k?.type === 'import_spec');
        if (spec) out.push(entry(n, { goSpec: spec.text }));
        continue;
      }
      // Stryker disable next-line OptionalChaining: a parsed tree's named children are never null
      for (const spec of list.namedChildren) if (spec?.type === 'import_spec') out.push(entry(spec, { goSpec: spec.text, grouped: true }));
    }
    // Stryker disable next-line MethodExpression,ArrowFunction,ArithmeticOperator: captures and a group's specs already come in document order; the sort is a safeguard
    return out.sort((a, b) => a.first - b.first);
  // Stryker disable next-line BlockStatement: deleting the tree frees WASM memory, which no result shows
  } finally {
    parsed.tree.delete();
  }
}

function normalized(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function sameEntry(a: ImportEntry, b: ImportEntry): boolean {
  if (a.goSpec !== undefined || b.goSpec !== undefined) return a.goSpec !== undefined && b.goSpec !== undefined && normalized(a.goSpec) === normalized(b.goSpec);
  return normalized(a.text) === normalized(b.text);
}

/** `have` names a subset of what `wider` names from the same place, on one line each: `from x import a` and `from x import a, b`. */
function widens(have: ImportEntry, wider: ImportEntry): boolean {
  if (have.goSpec !== undefined || wider.goSpec !== undefined || have.first !== have.last || wider.text.includes('\n')) return false;
  if (firstWord(have) !== firstWord(wider) || source(have.text) === undefined || source(have.text) !== source(wider.text)) return false;
  const words = (t: string) => new Set(t.match(/[A-Za-z_$][\w$]*/g) ?? []);
  const theirs = words(wider.text);
  return [...words(have.text)].every((w) => theirs.has(w));
}

/** Where a statement imports from, when it names a source and a list: Python `from x import`, a JS/TS string, a Rust `a::b::{`. */
function source(text: string): string | undefined {
  return /^from\s+(\S+)\s+import\b/.exec(text)?.[1] ?? /\bfrom\s*(['"][^'"]+['"])/.exec(text)?.[1] ?? /^(?:pub\s+)?use\s+([\w:]+)::\{/.exec(text)?.[1];
}

function firstWord(e: ImportEntry): string {
  return e.goSpec !== undefined ? 'import' : /^\S+/.exec(e.text)?.[0] ?? '';
}

/** What an entry is ordered by: the imported path or module. */
function sortKey(e: ImportEntry): string {
  if (e.goSpec !== undefined) return /"([^"]*)"/.exec(e.goSpec)?.[1] ?? e.goSpec;
  const quoted = /['"]([^'"]+)['"]/.exec(e.text)?.[1];
  if (quoted !== undefined) return quoted;
  return e.text.replace(/^(pub(\([^)]*\))?\s+)?(from|import|use|extern\s+crate|mod)\s+/, '').split(/[\s;]/)[0];
}

function commonPrefix(a: string, b: string): number {
  let n = 0;
  // Stryker disable next-line ConditionalExpression,EqualityOperator,LogicalOperator: past one string's end its character is undefined and equals none, so each bound alone is redundant
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}
