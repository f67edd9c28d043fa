import type { Node, Tree } from 'web-tree-sitter';
import type { SyntaxSnapshot } from '../syntax/documentTrees';
import type { LoadedGrammar } from '../syntax/grammarRegistry';
import { isProse, readFence } from './fencedAnswer';

/** What a function body answer is reduced against. */
export interface BodyTarget {
  /** The function's name: an answer that repeats the signature is recognised by it. */
  name: string;
  /** Comments and docstrings already in the stub's body: not repeated. */
  context: string[];
  /** The column the body's lines start at in the document. */
  bodyColumn?: number;
  /** Whether the language ends statements with `;` (a line without one continues). */
  usesSemicolons?: boolean;
  /** Wraps code so a method parses on its own, e.g. in its class's header and closing brace. */
  wrap?: (code: string) => { code: string; offset: number };
}

/** Parses code in the document's language (the caller deletes nothing: the tree is short-lived). */
export type CodeParser = (code: string) => { grammar: LoadedGrammar; tree: Tree } | undefined;

/** The CodeParser of a document's snapshot: code parsed in the document's language. */
export function parserOf(syntax: SyntaxSnapshot): CodeParser {
  return (code) => {
    const tree = syntax.parse(code);
    return tree && { grammar: syntax.grammar, tree };
  };
}

/**
 * The code of a model's answer: the fenced block that mentions the function (or the first
 * one), else the answer without the prose lines around it.
 */
export function extractCode(answer: string, name: string): string {
  const text = answer.replace(/\r\n?/g, '\n');
  // Fences start a line: ``` inside a doc comment (`/// ```` of a Rust doc-test) is the code's own.
  const fences = [...text.matchAll(/(?:^|\n)[ \t]*```[^\n`]*\n([\s\S]*?)(?:\n[ \t]*```[ \t]*(?=\n|$)|$)/g)].map((m) => m[1]);
  // The wrapper at the start of the answer holds the code, fenced examples inside it included.
  const wrapper = readFence(text, true);
  if (wrapper.state !== 'none' && (wrapper.code.includes(name) || !fences.some((f) => f.includes(name)))) return wrapper.code;
  // A fence later on counts only after words: in an answer that starts with code, fences are the code's own.
  if (fences.length && proseBeforeFence(text)) return fences.find((f) => f.includes(name)) ?? fences[0];
  const lines = text.split('\n');
  while (lines.length && (isProse(lines[0]) || lines[0].trim() === '')) lines.shift();
  while (lines.length && (isProse(lines[lines.length - 1]) || lines[lines.length - 1].trim() === '')) lines.pop();
  return lines.join('\n');
}

/** Code words a line of prose does not start with. */
const CODE_START = /^(import|from|use|package|def|class|fn|func|const|let|var|function|export|pub|mod|module|require|if|for|while|return|async|struct|type|interface|enum|impl|namespace|public|private|static)\b/;

/** Whether the lines before the answer's first line-start fence are words (or none), not code. */
function proseBeforeFence(text: string): boolean {
  const fence = /(?:^|\n)[ \t]*```/.exec(text);
  const before = text.slice(0, fence ? fence.index : 0).split('\n');
  return before.every((l) => {
    const t = l.trim();
    return t === '' || isProse(l) || /^[A-Z][\w' ,!-]*[:.!]$/.test(t) || (/^([A-Za-z]|[#>*-] |\d+\. )/.test(t) && !CODE_START.test(t) && !/[;{}]|=>|::| = |[,(\[]$/.test(t) && t.split(/\s+/).length >= 3);
  });
}

/**
 * The body statements of an answer, dedented (first line without indentation, later lines
 * relative to it): from the function with the stub's name when the answer repeats it,
 * else the answer itself (without wrapping braces). Comments and docstrings the stub
 * already has are not repeated. Undefined when nothing is left.
 */
export function reduceToBody(answer: string, target: BodyTarget, parse: CodeParser): string | undefined {
  const code = extractCode(answer, target.name);
  const fromDefinition = bodyOfDefinition(code, target, parse);
  const body = fromDefinition ?? plainBody(code, target, parse);
  return body.trim() === '' ? undefined : body;
}

function bodyOfDefinition(code: string, target: BodyTarget, parse: CodeParser): string | undefined {
  // Stryker disable next-line ConditionalExpression: a shortcut: without the name, no function in the answer can match, nor one in the wrapper's text (its body lies outside the answer)
  if (!code.includes(target.name)) return undefined;
  const found = bodyIn(code, 0, code.length, target, parse);
  if (found !== undefined || !target.wrap) return found;
  // A method alone does not parse in most languages: try it inside its class.
  const wrapped = target.wrap(code);
  return bodyIn(wrapped.code, wrapped.offset, wrapped.offset + code.length, target, parse);
}

/** The body of the function named like the target whose body lies within [from, to) of `code`. */
function bodyIn(code: string, from: number, to: number, target: BodyTarget, parse: CodeParser): string | undefined {
  const parsed = parse(code);
  if (!parsed) return undefined;
  try {
    for (const match of parsed.grammar.queries.stubs.matches(parsed.tree.rootNode)) {
      const name = match.captures.find((c) => c.name === 'name')?.node;
      const body = match.captures.find((c) => c.name === 'body')?.node;
      if (!name || !body || name.text !== target.name || body.startIndex < from) continue;
      // Stryker disable next-line MethodExpression,ConditionalExpression,StringLiteral: namedChildren holds no nulls (the filter narrows the type), and any side but 'before' reads as 'after'
      const children = [...commentsAround(body, 'before'), ...body.namedChildren.filter((c): c is Node => c !== null), ...commentsAround(body, 'after')].filter((c) => c.endIndex <= to);
      let first = 0;
      while (first < children.length && isRepeatedContext(children[first], first, target)) first++;
      if (first >= children.length) return undefined; // nothing new: read the answer as a plain body
      const start = children[first].startIndex;
      const column = start - (code.lastIndexOf('\n', start - 1) + 1);
      const firstRow = children[first].startPosition.row;
      const verbatim = new Set([...stringLineRows(parsed.tree.rootNode)].map((row) => row - firstRow));
      return dedent(code.slice(start, children[children.length - 1].endIndex), column, verbatim);
    }
    return undefined;
  } finally {
    parsed.tree.delete();
  }
}

/**
 * Comments beside a body node inside its block: Go keeps its statements in a statement_list,
 * and the comments before the first and after the last statement outside it. They are the
 * body's too.
 */
function commentsAround(body: Node, side: 'before' | 'after'): Node[] {
  // Stryker disable next-line ArrayDeclaration: a non-node entry would be dropped by the caller's endIndex filter
  const out: Node[] = [];
  if (body.type !== 'statement_list') return out;
  const step = (n: Node) => (side === 'before' ? n.previousNamedSibling : n.nextNamedSibling);
  // Stryker disable next-line StringLiteral: a Go block holds nothing but comments beside its statement_list
  for (let n = step(body); n && n.type.includes('comment'); n = step(n)) out.push(n);
  return side === 'before' ? out.reverse() : out;
}

/** A leading comment or docstring of the answer that the stub already has. */
function isRepeatedContext(node: Node, index: number, target: BodyTarget): boolean {
  // Stryker disable next-line OptionalChaining: an expression statement always has its expression as first named child
  const docstring = index === 0 && node.type === 'expression_statement' && node.namedChild(0)?.type === 'string';
  if (docstring && target.context.some((c) => /^("""|''')/.test(c.trim()) || /^["']/.test(c.trim()))) return true;
  return (node.type.includes('comment') || docstring) && target.context.some((c) => c.trim() === node.text.trim());
}

function plainBody(code: string, target: BodyTarget, parse: CodeParser): string {
  let text = code.replace(/^\s*\n/, '').replace(/\s+$/, '');
  const braced = /^\s*\{([\s\S]*)\}\s*$/.exec(text);
  if (braced) text = braced[1].replace(/^[ \t]*\n/, '').replace(/\s+$/, '');
  for (let again = true; again; ) {
    again = false;
    for (const c of target.context) {
      const trimmed = text.trimStart();
      if (c.trim() && trimmed.startsWith(c.trim())) {
        text = trimmed.slice(c.trim().length).replace(/^[ \t]*\n/, '');
        again = true;
      }
    }
  }
  // Stryker disable next-line Regex: without `^` the blank run still matches at index 0 (it may be empty)
  const firstLine = /^[ \t]*/.exec(text)![0];
  // A first line at column 0 with the rest at the document's body column: written as in the file.
  const verbatim = verbatimLines(text, parse);
  const column = firstLine === '' && target.bodyColumn && !isRelative(text, target.bodyColumn, target.usesSemicolons, verbatim) ? target.bodyColumn : firstLine.length;
  return dedent(text.slice(firstLine.length), column, verbatim);
}

/**
 * How a body whose first line has no indentation has its later lines: relative to it (as a
 * chat model writes a body), in place at the document's body column (as the code sits in
 * the file), or either. Told by its second line of code (lines inside a multi-line string
 * are content, not layout): left of the column means relative; right of it, in place; at
 * the column, in place unless the first line left its statement open, where it can be
 * either (a continuation must be deeper than its statement in the file; but `{` of a Go
 * `switch` has its `case` at the switch's column, and a regex literal ends in `/`).
 */
export function bodyLayout(body: string, bodyColumn: number, usesSemicolons = false, verbatim: ReadonlySet<number> = new Set()): 'relative' | 'in place' | 'either' {
  const lines = body.split('\n').filter((l, i) => i === 0 || (l.trim() !== '' && !verbatim.has(i)));
  if (lines.length < 2) return 'in place';
  // Stryker disable next-line Regex: without `^` the blank run still matches at index 0 (it may be empty)
  const width = (l: string) => /^[ \t]*/.exec(l)![0].replace(/\t/g, '    ').length;
  const second = width(lines[1]);
  if (second < bodyColumn) return 'relative';
  if (second > bodyColumn) return 'in place';
  const first = lines[0].trimEnd();
  const next = lines[1].trim();
  // A comment (ending in `.` or `:` or not) leaves no statement open.
  if (/^\s*(\/\/|#|\/\*|\*|--)/.test(first)) return 'in place';
  // A line that starts by continuing an expression (`.map(...)`, `+ b`) must be deeper than it.
  if (/^([.?:+\-*/%|&,)\]]|=>)/.test(next) && !/^(\/\/|\/\*)/.test(next)) return 'relative';
  // A block's first line is deeper than its opener, but Go and C put `case` at the switch's column.
  if (/[{:]$/.test(first)) return /^(case\b|default\b)/.test(next) ? 'in place' : 'relative';
  return /[{([,:=+\-*/.|&?]$/.test(first) || (usesSemicolons && !/[;}]$/.test(first)) ? 'either' : 'in place';
}

/** Whether the later lines of a body are relative to its first (see `bodyLayout`; either counts as relative). */
export function isRelative(body: string, bodyColumn: number, usesSemicolons = false, verbatim: ReadonlySet<number> = new Set()): boolean {
  return bodyLayout(body, bodyColumn, usesSemicolons, verbatim) !== 'in place';
}

/** Removes `column` characters of leading whitespace from every line after the first, but the lines inside a multi-line string. */
function dedent(text: string, column: number, verbatim: ReadonlySet<number>): string {
  return text
    .split('\n')
    .map((line, i) => {
      if (i === 0 || verbatim.has(i)) return line;
      // Stryker disable next-line Regex: without `^` the blank run still matches at index 0 (it may be empty)
      const lead = /^[ \t]*/.exec(line)![0].length;
      return line.slice(Math.min(lead, column));
    })
    .join('\n');
}

/**
 * The lines of `code` (0 = its first) that start inside a multi-line string literal (a Go
 * raw string, a template literal, a Python triple-quoted string): their leading blanks are
 * the string's content, so re-indenting must leave them as they are.
 */
export function verbatimLines(code: string, parse: CodeParser): Set<number> {
  const parsed = parse(code);
  if (!parsed) return new Set();
  try {
    return stringLineRows(parsed.tree.rootNode);
  } finally {
    parsed.tree.delete();
  }
}

/** The rows (of the tree) that start inside a multi-line string literal under `root`. */
export function stringLineRows(root: Node): Set<number> {
  const rows = new Set<number>();
  const visit = (node: Node): void => {
    if (node.startPosition.row === node.endPosition.row) return;
    if (/string|heredoc|template/.test(node.type) && node.type !== 'concatenated_string') {
      for (let row = node.startPosition.row + 1; row <= node.endPosition.row; row++) rows.add(row);
      return;
    }
    for (const child of node.namedChildren) if (child) visit(child);
  };
  visit(root);
  return rows;
}
