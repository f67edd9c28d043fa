import type { Node, Tree } from 'web-tree-sitter';
import type { LoadedGrammar } from '../syntax/grammarRegistry';
import { isProse } from './fencedAnswer';

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

/**
 * The code of a model's answer: the fenced block that mentions the function (or the first
 * one), else the answer without the prose lines around it.
 */
export function extractCode(answer: string, name: string): string {
  const text = answer.replace(/\r\n?/g, '\n');
  const fences = [...text.matchAll(/```[^\n`]*\n([\s\S]*?)(?:\n?[ \t]*```|$)/g)].map((m) => m[1]);
  if (fences.length) return fences.find((f) => f.includes(name)) ?? fences[0];
  const lines = text.split('\n');
  while (lines.length && (isProse(lines[0]) || lines[0].trim() === '')) lines.shift();
  while (lines.length && (isProse(lines[lines.length - 1]) || lines[lines.length - 1].trim() === '')) lines.pop();
  return lines.join('\n');
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
  const body = fromDefinition ?? plainBody(code, target);
  return body.trim() === '' ? undefined : body;
}

function bodyOfDefinition(code: string, target: BodyTarget, parse: CodeParser): string | undefined {
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
      const children = body.namedChildren.filter((c): c is Node => c !== null && c.endIndex <= to);
      let first = 0;
      while (first < children.length && isRepeatedContext(children[first], first, target)) first++;
      if (first >= children.length) return undefined; // nothing new: read the answer as a plain body
      const start = children[first].startIndex;
      const column = start - (code.lastIndexOf('\n', start - 1) + 1);
      return dedent(code.slice(start, children[children.length - 1].endIndex), column);
    }
    return undefined;
  } finally {
    parsed.tree.delete();
  }
}

/** A leading comment or docstring of the answer that the stub already has. */
function isRepeatedContext(node: Node, index: number, target: BodyTarget): boolean {
  const docstring = index === 0 && node.type === 'expression_statement' && node.namedChild(0)?.type === 'string';
  if (docstring && target.context.some((c) => /^("""|''')/.test(c.trim()) || /^["']/.test(c.trim()))) return true;
  return (node.type.includes('comment') || docstring) && target.context.some((c) => c.trim() === node.text.trim());
}

function plainBody(code: string, target: BodyTarget): string {
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
  const firstLine = /^[ \t]*/.exec(text)![0];
  // A first line at column 0 with the rest at the document's body column: written as in the file.
  const column = firstLine === '' && target.bodyColumn && !isRelative(text, target.bodyColumn, target.usesSemicolons) ? target.bodyColumn : firstLine.length;
  return dedent(text.slice(firstLine.length), column);
}

/**
 * Whether a body whose first line has no indentation has its later lines relative to it
 * (as a chat model writes a body) rather than at the document's body column (as the code
 * sits in the file). Told by its second line: left of the column means relative; at the
 * column means relative only if the first line left its statement open (a continuation
 * must be deeper than its statement in the file); right of the column means in place.
 */
export function isRelative(body: string, bodyColumn: number, usesSemicolons = false): boolean {
  const lines = body.split('\n').filter((l, i) => i === 0 || l.trim() !== '');
  if (lines.length < 2) return false;
  const width = (l: string) => /^[ \t]*/.exec(l)![0].replace(/\t/g, '    ').length;
  const second = width(lines[1]);
  if (second < bodyColumn) return true;
  if (second > bodyColumn) return false;
  const first = lines[0].trimEnd();
  return /[{([,:=+\-*/.|&?]$/.test(first) || (usesSemicolons && !/[;}]$/.test(first));
}

/** Removes `column` characters of leading whitespace from every line after the first. */
function dedent(text: string, column: number): string {
  return text
    .split('\n')
    .map((line, i) => {
      if (i === 0) return line;
      const lead = /^[ \t]*/.exec(line)![0].length;
      return line.slice(Math.min(lead, column));
    })
    .join('\n');
}
