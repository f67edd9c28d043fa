import * as path from 'node:path';
import type { SyntaxSnapshot } from '../syntax/documentTrees';
import { innermostDefinition, syntaxAnchor } from '../syntax/syntaxQueries';
import type { NamedSpan } from './definitionIndex';
import type { Snippet } from '../models/snippets';
import { CHARS_PER_TOKEN } from './plainTextContext';

/** Another open document, most recently edited first. */
export interface OtherDocument {
  uri: string;
  text: string;
  /** Where it was last edited, if it was. */
  lastEditOffset?: number;
  /** Its named definitions (functions, classes, types). */
  definitions: () => Promise<NamedSpan[]>;
}

const MAX_SNIPPET_LINES = 40;
const EDIT_WINDOW_LINES = 8;

/**
 * Snippets for the cursor's context from other open documents: first the definitions the
 * code around the cursor uses (by name), then the code around the latest edit elsewhere;
 * within `tokens`, whole snippets only.
 */
export async function crossFileSnippets(
  current: { uri: string; text: string; offset: number; syntax?: SyntaxSnapshot },
  others: readonly OtherDocument[],
  tokens: number,
): Promise<Snippet[]> {
  const budget = tokens * CHARS_PER_TOKEN;
  if (budget <= 0 || others.length === 0) return [];
  const picked: Snippet[] = [];
  let size = 0;
  const take = (snippet: Snippet): void => {
    const cost = snippet.text.length + snippet.path.length + 16;
    if (size + cost > budget || picked.some((p) => p.path === snippet.path && p.text === snippet.text)) return;
    picked.push(snippet);
    size += cost;
  };

  // The names the cursor's code uses, found only when another document has definitions to
  // match (finding them compiles the definitions query, which a first completion may not need).
  let used: Set<string> | undefined;
  for (const other of others) {
    for (const def of await other.definitions()) {
      used ??= identifiersNear(current);
      if (used.has(def.name)) take({ path: displayPath(current.uri, other.uri), text: firstLines(other.text.slice(def.start, def.end)) });
    }
  }
  const edited = others.find((o) => o.lastEditOffset !== undefined);
  if (edited) take({ path: displayPath(current.uri, edited.uri), text: linesAround(edited.text, edited.lastEditOffset!) });
  return picked;
}

/** Identifiers in the definition around the cursor (or the lines around it). */
function identifiersNear(current: { text: string; offset: number; syntax?: SyntaxSnapshot }): Set<string> {
  const def = current.syntax && innermostDefinition(current.syntax.grammar, current.syntax.tree, syntaxAnchor(current.text, current.offset));
  const region = def ? current.text.slice(def.start, def.end) : linesAround(current.text, current.offset, 30);
  // Stryker disable next-line ArrayDeclaration: a definition's name is an identifier, never a string with spaces
  return new Set(region.match(/[A-Za-z_$][\w$]*/g) ?? []);
}

function linesAround(text: string, offset: number, lines = EDIT_WINDOW_LINES): string {
  let start = offset;
  for (let i = 0; i <= lines && start > 0; i++) start = text.lastIndexOf('\n', start - 1);
  let end = offset;
  for (let i = 0; i <= lines && end >= 0 && end < text.length; i++) end = text.indexOf('\n', end + 1);
  // `start` is the line break before the window; at the very start of the text there is none.
  return text.slice(offset === 0 ? 0 : Math.max(0, start + 1), end < 0 ? text.length : end).replace(/\s+$/, '');
}

function firstLines(text: string): string {
  const lines = text.split('\n');
  // Stryker disable next-line ConditionalExpression,EqualityOperator: slicing 40 lines or fewer gives the text back, so the test is a shortcut
  return lines.length <= MAX_SNIPPET_LINES ? text : lines.slice(0, MAX_SNIPPET_LINES).join('\n');
}

function displayPath(fromUri: string, toUri: string): string {
  try {
    const from = decodeURIComponent(new URL(fromUri).pathname);
    const to = decodeURIComponent(new URL(toUri).pathname);
    return path.posix.relative(path.posix.dirname(from), to) || path.posix.basename(to);
  } catch {
    return toUri;
  }
}
