import type { ChatMessage } from '../models/provider';
import type { Snippet } from '../models/snippets';
import { retryNoteLines, type EarlierAttempt } from './retryNote';

/** A problem another server reported, as the model is told about it. */
export interface ProblemReport {
  message: string;
  source?: string;
  code?: string | number;
  /** 1-based line and column of its start. */
  line: number;
  column: number;
  /** The code the range covers. */
  excerpt: string;
}

export interface FixContext {
  path: string;
  languageId: string;
  problems: ProblemReport[];
  /** The unit to rewrite, as written in the file. */
  unitText: string;
  /** 1-based line of the unit's first line. */
  unitLine: number;
  imports: string[];
  related: Snippet[];
}

const SYSTEM = [
  'You fix code. The user shows a piece of a file and the problems a language server reported in it.',
  'Reply with the corrected piece, complete, in one fenced code block, and nothing else.',
  'Change only what the problems need; keep everything else as it is, indentation included.',
  'If the fix needs an import, put the import lines first in the same block.',
].join(' ');

function describe(p: ProblemReport): string {
  const from = [p.source, p.code !== undefined ? String(p.code) : undefined].filter(Boolean).join(' ');
  return `- line ${p.line}, column ${p.column}${from ? ` (${from})` : ''}: ${p.message}${p.excerpt ? `  [at \`${p.excerpt}\`]` : ''}`;
}

/** The chat for fixing the problems in one unit; `attempts` are earlier answers with what was wrong with them. */
export function fixChat(ctx: FixContext, attempts: Array<{ answer: string; problem: string }>): ChatMessage[] {
  const fence = (code: string) => '```' + ctx.languageId + '\n' + code + '\n```';
  const parts = [`File: ${ctx.path} (${ctx.languageId})`];
  if (ctx.imports.length) parts.push(`The file's imports:\n${fence(ctx.imports.join('\n'))}`);
  for (const r of ctx.related) parts.push(`Related definition from ${r.path}:\n${fence(r.text)}`);
  parts.push(`The code, starting at line ${ctx.unitLine}:\n${fence(ctx.unitText)}`);
  parts.push(`Problems:\n${ctx.problems.map(describe).join('\n')}`);
  const messages: ChatMessage[] = [
    { role: 'system', content: SYSTEM },
    { role: 'user', content: parts.join('\n\n') },
  ];
  for (const a of attempts) {
    messages.push({ role: 'assistant', content: a.answer });
    messages.push({ role: 'user', content: `That does not work: ${a.problem}\nReply with the corrected code in one fenced code block.` });
  }
  return messages;
}

/** For a fill-in-the-middle model: a comment before the rewritten unit that says what to fix (and, after a failed attempt, what it wrote and why it failed). */
export function fixNote(ctx: FixContext, lineComment: string, indent: string, previous?: EarlierAttempt): string {
  const lines = ctx.problems.map((p) => `${indent}${lineComment} Fixed: ${p.message.split('\n')[0]}`);
  if (previous) lines.push(...retryNoteLines(lineComment, indent, `(an earlier fix failed: ${previous.problem.split('\n')[0]})`, previous));
  return lines.join('\n') + '\n';
}
