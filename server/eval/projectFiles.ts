import * as fs from 'node:fs';
import * as path from 'node:path';
import { isTestFile } from '../actions/testFiles';
import { GrammarRegistry } from '../syntax/grammarRegistry';

/** Folders of dependencies, builds, caches and tools: never the project's own code. */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', 'target', '.venv', 'venv', 'dist', 'build', 'out', 'coverage', '__pycache__', '.tox']);

/**
 * Source files under `root` with a grammar infill-ls knows (by extension, from
 * grammars/manifest.json through the grammar registry), matching any of `patterns` (globs
 * relative to root: `*`, `**`, `?`, `{a,b}`, character classes; a plain path or folder
 * matches itself/everything under it), sorted; all of them when `patterns` is empty.
 * Never descends into node_modules, .git, target, .venv, venv, dist, build, out, coverage, __pycache__,
 * .tox or hidden folders; hidden files (tool configs such as `.eslintrc.js`) and symbolic
 * links (which may loop) are left out too. With `tests: false`, test files are left out
 * (test_*.py, *_test.py, *_test.go, *.test.*, *.spec.*, files under folders named test,
 * tests, __tests__, spec).
 */
export function projectFiles(root: string, patterns: readonly string[], options: { tests: boolean }): string[] {
  const registry = new GrammarRegistry();
  const matches = globMatcher(patterns.map((p) => relativePattern(root, p)));
  const found: string[] = [];
  const walk = (dir: string, rel: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // unreadable: not ours to evaluate
    }
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const relPath = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(e.name)) walk(path.join(dir, e.name), relPath);
      } else if (e.isFile() && registry.entryFor('', e.name) && matches(relPath) && (options.tests || !isTestFile(relPath))) {
        found.push(path.join(dir, e.name));
      }
    }
  };
  walk(path.resolve(root), '');
  return found.sort();
}

/** A pattern as written (absolute, `./x`, `x/`, Windows separators) as a glob relative to root. */
function relativePattern(root: string, pattern: string): string {
  let p = pattern;
  if (path.isAbsolute(p)) p = path.relative(path.resolve(root), p);
  if (path.sep === '\\') p = p.replace(/\\/g, '/');
  p = p.replace(/^(?:\.\/)+/, '').replace(/\/+$/, '');
  return p === '' || p === '.' ? '**' : p;
}

/**
 * Whether a relative path matches any of the globs (all paths when there are none). A
 * glob that matches one of the path's folders matches the path too, so `src` and `src/*`
 * take everything under src, as a plain folder name should.
 */
export function globMatcher(patterns: readonly string[]): (relPath: string) => boolean {
  if (patterns.length === 0) return () => true;
  const regexps = patterns.map(globToRegExp);
  return (relPath) => {
    const parts = relPath.split('/');
    for (let n = parts.length; n > 0; n--) {
      const prefix = parts.slice(0, n).join('/');
      if (regexps.some((r) => r.test(prefix))) return true;
    }
    return false;
  };
}

/**
 * A glob as a regular expression on `/`-separated paths: `**` as a whole segment spans
 * any number of folders (none included), `*` and `?` stay within a segment, `[...]` (`!`
 * or `^` negates) and `{a,b}` (nested, each alternative a glob) as in a shell; `\` quotes
 * the next character. An unclosed `[` or `{` is itself.
 */
export function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${globSource(glob)}$`);
}

function globSource(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i];
    if (ch === '*') {
      let j = i;
      while (glob[j + 1] === '*') j++;
      const wholeSegment = j > i && (i === 0 || glob[i - 1] === '/') && (j + 1 === glob.length || glob[j + 1] === '/');
      if (!wholeSegment) out += '[^/]*';
      else if (j + 1 === glob.length) out += '.*';
      else {
        out += '(?:[^/]+/)*'; // `**/`: zero or more folders
        j++; // the `/` is part of it
      }
      i = j;
    } else if (ch === '?') {
      out += '[^/]';
    } else if (ch === '[') {
      const end = classEnd(glob, i);
      if (end < 0) out += '\\[';
      else {
        out += classSource(glob.slice(i + 1, end));
        i = end;
      }
    } else if (ch === '{') {
      const alternatives = braceAlternatives(glob, i);
      if (!alternatives) out += '\\{';
      else {
        out += `(?:${alternatives.parts.map(globSource).join('|')})`;
        i = alternatives.end;
      }
    } else if (ch === '\\' && i + 1 < glob.length) {
      out += escapeRegExp(glob[++i]);
    } else {
      out += escapeRegExp(ch);
    }
  }
  return out;
}

/** The index of the `]` closing the class opened at `start` (a `]` first in the class is a member), or -1. */
function classEnd(glob: string, start: number): number {
  let i = start + 1;
  if (glob[i] === '!' || glob[i] === '^') i++;
  if (glob[i] === ']') i++;
  for (; i < glob.length; i++) {
    if (glob[i] === ']') return i;
    if (glob[i] === '/') return -1; // a class never spans folders
  }
  return -1;
}

function classSource(body: string): string {
  const negated = body[0] === '!' || body[0] === '^';
  const members = (negated ? body.slice(1) : body).replace(/[\\\]^]/g, (c) => `\\${c}`);
  // A negated class must not match `/` either: it stays within one segment.
  return negated ? `[^/${members}]` : `[${members}]`;
}

/** The comma-separated alternatives of the `{...}` opened at `start` (commas in nested braces belong to them), or undefined when unclosed. */
function braceAlternatives(glob: string, start: number): { parts: string[]; end: number } | undefined {
  const parts: string[] = [];
  let depth = 0;
  let partStart = start + 1;
  for (let i = start + 1; i < glob.length; i++) {
    const ch = glob[i];
    if (ch === '\\') i++;
    else if (ch === '{') depth++;
    else if (ch === '}' && depth > 0) depth--;
    else if (ch === '}') {
      parts.push(glob.slice(partStart, i));
      return { parts, end: i };
    } else if (ch === ',' && depth === 0) {
      parts.push(glob.slice(partStart, i));
      partStart = i + 1;
    }
  }
  return undefined;
}

function escapeRegExp(ch: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(ch) ? `\\${ch}` : ch;
}
