import type { SyntaxSnapshot } from '../syntax/documentTrees';
import {
  blockTest,
  enclosingScopesBefore,
  importSpans,
  statementEndsAt,
  statementStartsAt,
  stringOrCommentAt,
  syntaxAnchor,
  type Span,
} from '../syntax/syntaxQueries';
import { IMPORTS_SEARCH_CHARS } from '../syntax/regionParse';
import { CHARS_PER_TOKEN, buildPlainTextContext, type ContextBudget, type FimContext } from './plainTextContext';
import { wantsBlock } from './completionShape';

/** At most this share of the prefix budget goes to imports, and the same to scope headers. */
const IMPORTS_SHARE = 0.25;
const HEADERS_SHARE = 0.25;

/**
 * The context for a cursor position, chosen with the syntax tree: prefix and suffix cut at
 * statement boundaries to the budget, keeping what is nearest the cursor, with the file's
 * imports and the enclosing scopes' headers kept even when they are far above. Without a
 * tree (a language we have no grammar for), plain text cut at line boundaries.
 */
export function buildFimContext(text: string, offset: number, budget: ContextBudget, syntax?: SyntaxSnapshot): FimContext {
  if (!syntax) return buildPlainTextContext(text, offset, budget);
  const { tree } = syntax;
  const prefixChars = budget.prefixTokens * CHARS_PER_TOKEN;
  const suffixChars = budget.suffixTokens * CHARS_PER_TOKEN;
  // Inside a docstring or block comment a block may be wanted too (more lines of it); in a
  // one-line string or comment, only the rest of the line.
  const inside = stringOrCommentAt(tree, offset);
  const multiline = wantsBlock(text, offset) && (!inside || inside.startPosition.row !== inside.endPosition.row);

  // Stryker disable next-line BlockStatement,ConditionalExpression,EqualityOperator,ArithmeticOperator: a shortcut; when all fits, the general path below gives the same context
  if (offset <= prefixChars && text.length - offset <= suffixChars) {
    return { prefix: text.slice(0, offset), suffix: text.slice(offset), multiline };
  }

  // Far-away imports and headers first, within their shares; the window gets the rest.
  const roughStart = Math.max(0, offset - prefixChars);
  // Imports live at the top of a file: searching all of a large file's prefix costs too much.
  // Stryker disable next-line ConditionalExpression,EqualityOperator,ArrayDeclaration: a shortcut; at roughStart 0 no import ends within [0, 0], and with no window cut nothing above it is shown
  const importSearch = roughStart > 0 ? importsAtTop(syntax, Math.min(roughStart, IMPORTS_SEARCH_CHARS)) : [];
  const imports = takeWithin(importSearch.map((s) => slice(text, s)), prefixChars * IMPORTS_SHARE);
  const importsEnd = imports.length ? importSearch[imports.length - 1].end : 0;
  const headers = takeWithin(
    enclosingScopesBefore(syntax.grammar, tree, syntaxAnchor(text, offset), roughStart)
      .filter((s) => s.start >= importsEnd)
      .map((s) => header(text, s.start, s.bodyStart)),
    prefixChars * HEADERS_SHARE,
  );
  const extra = (imports.length ? imports.join('\n') + '\n\n' : '') + headers.map((h) => h + '\n').join('');
  const windowChars = Math.max(prefixChars - extra.length, Math.floor(prefixChars / 2));

  const windowStart = offset <= windowChars ? 0 : prefixStart(syntax, offset, windowChars);
  const suffixEnd = text.length - offset <= suffixChars ? text.length : suffixStop(syntax, offset, suffixChars);
  const prefix = (windowStart > 0 ? extra : '') + text.slice(windowStart, offset);
  return { prefix, suffix: text.slice(offset, suffixEnd), multiline };
}

/**
 * How deep the imports shown to the model may sit: a Python import in `try:`, a C `#include`
 * in `#ifdef`, a Rust `use` in `mod m { }` are three levels down. A search that stops there
 * skips the function bodies, a quarter of the time the context takes in a 1k-line file,
 * where the text searched ends near the cursor and is searched again at each keystroke.
 */
const IMPORT_DEPTH = 3;

/** The last few import searches, by grammar and the text searched. */
// Stryker disable next-line all: a cache: without a hit the same spans are found again
const importMemo: Array<{ grammar: SyntaxSnapshot['grammar']; head: string; spans: Span[] }> = [];
const IMPORT_MEMO_SIZE = 8;

/**
 * The imports in the first `end` characters: the same while the user types below them, so
 * a search (a query over thousands of nodes in a large file) is reused while that text is
 * unchanged (a string comparison costs microseconds).
 */
function importsAtTop(syntax: SyntaxSnapshot, end: number): Span[] {
  // Stryker disable next-line all: a cache: without a hit the same spans are found again
  const head = syntax.text.slice(0, end);
  // Stryker disable next-line all: a cache: without a hit the same spans are found again
  const known = importMemo.find((m) => m.grammar === syntax.grammar && m.head === head);
  // Stryker disable next-line all: a cache: without a hit the same spans are found again
  if (known) return known.spans;
  const spans = importSpans(syntax.grammar, syntax.tree, 0, end, IMPORT_DEPTH);
  // Stryker disable next-line all: a cache: without a hit the same spans are found again
  importMemo.unshift({ grammar: syntax.grammar, head, spans });
  importMemo.length = Math.min(importMemo.length, IMPORT_MEMO_SIZE);
  return spans;
}

/** The earliest statement start at or after `offset - chars`, at a line start; else a line start. */
function prefixStart({ tree, grammar, text }: SyntaxSnapshot, offset: number, chars: number): number {
  const min = offset - chars;
  const blocks = blockTest(grammar, tree);
  let lineStart = text.lastIndexOf('\n', min - 1) + 1;
  if (lineStart < min) lineStart = text.indexOf('\n', min) + 1;
  let fallback = -1;
  for (let ls = lineStart; ls > 0 && ls <= offset; ls = text.indexOf('\n', ls) + 1) {
    if (fallback < 0) fallback = ls;
    const first = firstNonSpace(text, ls);
    if (first >= offset) break;
    if (text[first] !== '\n' && statementStartsAt(tree, blocks, first)) return ls;
  }
  return fallback > 0 ? fallback : text.lastIndexOf('\n', offset - 1) + 1;
}

/** The latest statement end (at a line end) at or before `offset + chars`; else a line end. */
function suffixStop({ tree, grammar, text }: SyntaxSnapshot, offset: number, chars: number): number {
  const max = offset + chars;
  const blocks = blockTest(grammar, tree);
  let fallback = -1;
  for (let nl = text.lastIndexOf('\n', max - 1); nl >= offset; nl = text.lastIndexOf('\n', nl - 1)) {
    if (fallback < 0) fallback = nl + 1;
    const last = lastNonSpace(text, nl);
    if (last < offset) break;
    if (statementEndsAt(tree, blocks, last + 1)) return nl + 1;
  }
  return fallback > 0 ? fallback : Math.min(text.length, max);
}

/** A definition's header: from its line start to where its body starts, through an opening brace. */
function header(text: string, start: number, bodyStart: number): string {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  let end = bodyStart;
  if (/[{[(]/.test(text[bodyStart] ?? '')) {
    const nl = text.indexOf('\n', bodyStart);
    end = nl < 0 ? text.length : nl;
  }
  return text.slice(lineStart, end).replace(/\s+$/, '');
}

function takeWithin(parts: string[], chars: number): string[] {
  const out: string[] = [];
  let used = 0;
  for (const p of parts) {
    if (used + p.length + 1 > chars) break;
    out.push(p);
    used += p.length + 1;
  }
  return out;
}

function slice(text: string, span: Span): string {
  return text.slice(span.start, span.end);
}

function firstNonSpace(text: string, from: number): number {
  let i = from;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\r')) i++;
  return i;
}

function lastNonSpace(text: string, before: number): number {
  let i = before - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t' || text[i] === '\r')) i--;
  return i;
}
