import type { Node } from 'web-tree-sitter';
import type { SyntaxSnapshot } from '../../server/syntax/documentTrees';
import { queryRange } from '../../server/syntax/syntaxQueries';
import type { Random } from './corpus';

/**
 * The errors a real fix-with-AI user meets, introduced into real code: each is one edit of
 * the original (offsets of the original) and the diagnostic a language server would publish
 * for it (offsets of the broken text).
 */
export type ErrorKind = 'misspelling' | 'missing bracket' | 'wrong arity' | 'type slip' | 'removed import';
export const ERROR_KINDS: readonly ErrorKind[] = ['misspelling', 'missing bracket', 'wrong arity', 'type slip', 'removed import'];

export interface Breakage {
  kind: ErrorKind;
  /** original[start, end) becomes `text` in the broken file. */
  start: number;
  end: number;
  text: string;
  message: string;
  /** The diagnostic's range in the broken file. */
  at: number;
  length: number;
  /** For a removed import: the import as a model writes it above the fixed code. */
  importLine?: string;
}

/** The function bodies of a parsed file that a fix would rewrite whole. */
export function functionBodies(s: SyntaxSnapshot): Node[] {
  return s.grammar.queries.definitions
    .captures(s.tree.rootNode, queryRange(0, s.text.length))
    .filter((c) => c.name === 'definition' && c.node.childForFieldName('body') && /function|method/.test(c.node.type) && c.node.endIndex - c.node.startIndex < 2000)
    .map((c) => c.node.childForFieldName('body')!);
}

function descendants(n: Node): Node[] {
  const out: Node[] = [n];
  for (const c of n.namedChildren) if (c) out.push(...descendants(c));
  return out;
}

/** An error of `kind` inside `body` (any kind but a removed import), or undefined where the body has no place for one. */
export function breakBody(body: Node, kind: Exclude<ErrorKind, 'removed import'>, rnd: Random): Breakage | undefined {
  const nodes = descendants(body);
  switch (kind) {
    case 'misspelling': {
      // A name used (not defined) in the body, at least four letters: one of its letters dropped.
      const uses = nodes.filter((n) => n.type === 'identifier' && n.text.length >= 4 && n.parent && !/declarat|definition|parameter|assignment|pattern/.test(n.parent.type));
      if (uses.length === 0) return undefined;
      const id = rnd.pick(uses);
      const cut = rnd.int(1, id.text.length - 2);
      const typo = id.text.slice(0, cut) + id.text.slice(cut + 1);
      return { kind, start: id.startIndex, end: id.endIndex, text: typo, message: `"${typo}" is not defined`, at: id.startIndex, length: typo.length };
    }
    case 'missing bracket': {
      // A call's closing parenthesis.
      const calls = nodes.filter((n) => /call/.test(n.type) && n.text.endsWith(')') && !n.text.includes('\n'));
      if (calls.length === 0) return undefined;
      const at = rnd.pick(calls).endIndex - 1;
      return { kind, start: at, end: at + 1, text: '', message: "')' expected", at, length: 0 };
    }
    case 'wrong arity': {
      // A call with two or more arguments on one line loses its last.
      const lists = nodes.filter((n) => /^(arguments|argument_list)$/.test(n.type) && n.namedChildren.length >= 2 && !n.text.includes('\n') && n.parent && /call/.test(n.parent.type));
      if (lists.length === 0) return undefined;
      const list = rnd.pick(lists);
      const args = list.namedChildren.filter((a): a is Node => a !== null);
      const last = args[args.length - 1];
      if (last.type === 'comment') return undefined;
      const start = args[args.length - 2].endIndex;
      const call = list.parent!;
      return { kind, start, end: last.endIndex, text: '', message: `Expected ${args.length} arguments, but got ${args.length - 1}.`, at: call.startIndex, length: start - call.startIndex };
    }
    case 'type slip': {
      // A number where a string is not allowed: `3` becomes `"3"`.
      const numbers = nodes.filter((n) => /^(integer|number|int_literal|integer_literal)$/.test(n.type) && /^\d+$/.test(n.text));
      if (numbers.length === 0) return undefined;
      const n = rnd.pick(numbers);
      return { kind, start: n.startIndex, end: n.endIndex, text: `"${n.text}"`, message: `Type 'string' is not assignable to type 'number'.`, at: n.startIndex, length: n.text.length + 2 };
    }
  }
}

/** What a language server says of a name whose import is gone. */
const UNDEFINED_NAME: Record<string, (name: string) => string> = {
  python: (n) => `"${n}" is not defined`,
  javascript: (n) => `'${n}' is not defined.`,
  typescript: (n) => `Cannot find name '${n}'.`,
  go: (n) => `undefined: ${n}`,
  rust: (n) => `failed to resolve: use of undeclared type \`${n}\``,
};

/**
 * One import removed: a single-line import with another import on the line before or after
 * it, whose name a function of the file uses; the diagnostic is on that use.
 */
export function removeImport(s: SyntaxSnapshot, language: string, rnd: Random): Breakage | undefined {
  const text = s.text;
  const lineStart = (at: number) => text.lastIndexOf('\n', at - 1) + 1;
  const entries: Array<{ node: Node; line: string; importLine: string }> = [];
  for (const c of s.grammar.queries.imports.captures(s.tree.rootNode)) {
    const n = c.node;
    if (c.name !== 'import' || n.type === 'package_clause' || n.text.includes('\n') || lineStart(n.startIndex) !== n.startIndex) {
      // Go groups: each spec on its own line.
      if (n.type === 'import_declaration') {
        const list = n.namedChildren.find((k) => k?.type === 'import_spec_list');
        for (const spec of list?.namedChildren ?? []) if (spec?.type === 'import_spec') entries.push({ node: spec, line: text.slice(lineStart(spec.startIndex), spec.endIndex), importLine: `import ${spec.text}` });
      }
      continue;
    }
    if (n.type === 'import_declaration') {
      const spec = n.namedChildren.find((k) => k?.type === 'import_spec');
      if (spec) entries.push({ node: spec, line: n.text, importLine: n.text });
    } else entries.push({ node: n, line: n.text, importLine: n.text });
  }
  const lineNo = (at: number) => text.slice(0, at).split('\n').length;
  const usable = entries.filter((e) => text.slice(lineStart(e.node.startIndex), e.node.startIndex).trim() === '' && /^\s*$/.test(text.slice(e.node.endIndex, text.indexOf('\n', e.node.endIndex) >>> 0)));
  const neighboured = usable.filter((e) => usable.some((o) => o !== e && Math.abs(lineNo(o.node.startIndex) - lineNo(e.node.startIndex)) === 1));
  const bodies = functionBodies(s);
  for (let tries = 0; tries < 8 && neighboured.length; tries++) {
    const e = rnd.pick(neighboured);
    const name = boundName(language, e.node);
    if (!name) continue;
    const uses = bodies.flatMap(descendants).filter((n) => n.text === name && /identifier$/.test(n.type) && !/field|property/.test(n.type));
    const start0 = lineStart(e.node.startIndex);
    const later = uses.filter((u) => u.startIndex > start0);
    if (later.length === 0) continue;
    const use = rnd.pick(later);
    const start = lineStart(e.node.startIndex);
    const end = text.indexOf('\n', e.node.endIndex) + 1;
    return { kind: 'removed import', start, end, text: '', message: UNDEFINED_NAME[language](name), at: use.startIndex - (end - start), length: name.length, importLine: e.importLine };
  }
  return undefined;
}

/** The one name an import binds, where it binds exactly one plain name. */
function boundName(language: string, n: Node): string | undefined {
  const t = n.text;
  const m =
    language === 'python'
      ? /^import ([\w.]+)(?: as (\w+))?$/.exec(t)?.slice(1).reverse().find(Boolean)?.split('.')[0] ?? /^from [\w.]+ import (\w+)(?: as (\w+))?$/.exec(t)?.slice(1).reverse().find(Boolean)
      : language === 'go'
        ? (/^(\w+) "/.exec(t)?.[1] ?? /"(?:[^"]*\/)?([A-Za-z_]\w*)"$/.exec(t)?.[1])
        : language === 'rust'
          ? /^use [\w:]+::(\w+)(?: as (\w+))?;$/.exec(t)?.slice(1).reverse().find(Boolean)
          : (/^import (\w+) from ['"]/.exec(t)?.[1] ??
            /^import \* as (\w+) from/.exec(t)?.[1] ??
            /^import \{ ?(\w+) ?\} from/.exec(t)?.[1] ??
            /^(?:const|let|var) (\w+) = require\(['"][^'"]+['"]\);?$/.exec(t)?.[1]);
  return m && !['_', 'self', 'super', 'crate'].includes(m) ? m : undefined;
}

/** The file with the breakages (non-overlapping, offsets of the original) made. */
export function applyBreakages(original: string, breaks: readonly Breakage[]): string {
  let out = original;
  for (const b of [...breaks].sort((x, y) => y.start - x.start)) out = out.slice(0, b.start) + b.text + out.slice(b.end);
  return out;
}

/**
 * Where a unit bound of the broken file is in the original: edits before it move it. An edit
 * right at the bound belongs to the unit: it moves the end, not the start.
 */
export function originalOffset(broken: number, breaks: readonly Breakage[], bound: 'start' | 'end'): number {
  let shift = 0;
  let delta = 0;
  for (const b of [...breaks].sort((x, y) => x.start - y.start)) {
    const at = b.start + delta;
    if ((bound === 'end' ? at <= broken : at < broken) && at + b.text.length <= broken) shift += b.text.length - (b.end - b.start);
    delta += b.text.length - (b.end - b.start);
  }
  return broken - shift;
}
