import type { ChatMessage } from '../models/provider';
import type { Snippet } from '../models/snippets';
import type { SyntaxSnapshot } from '../syntax/documentTrees';
import type { Stub } from '../syntax/stubFinder';
import { definitions, enclosingScopes, importSpans } from '../syntax/syntaxQueries';

/** Everything a model is told about a stub, besides the code around it. */
export interface StubContext {
  path: string;
  languageId: string;
  stub: Stub;
  /** The stub's definition as written, from the start of its line. */
  definitionText: string;
  imports: string[];
  /** Headers of the class (or other scope) around the stub. */
  headers: string[];
  /** Definitions in this file and other open files that the stub's name and types point to. */
  related: Snippet[];
}

const MAX_RELATED_LINES = 30;

/** Gathers the context for a stub from its document and the snippets of other files. */
export function stubContext(path: string, languageId: string, stub: Stub, syntax: SyntaxSnapshot, otherFiles: Snippet[]): StubContext {
  const { text, grammar, tree } = syntax;
  const lineStart = (offset: number) => text.lastIndexOf('\n', offset - 1) + 1;
  const definitionText = text.slice(lineStart(stub.definition.start), stub.definition.end);
  const used = new Set(definitionText.match(/[A-Za-z_$][\w$]*/g) ?? []);
  const sameFile = definitions(grammar, tree)
    .filter((d) => used.has(d.name) && d.name !== stub.name && (d.end <= stub.definition.start || d.start >= stub.definition.end))
    .filter((d) => !(d.start <= stub.definition.start && stub.definition.end <= d.end)) // not the enclosing class
    .map((d) => ({ path, text: text.slice(lineStart(d.start), d.end).split('\n').slice(0, MAX_RELATED_LINES).join('\n') }));
  return {
    path,
    languageId,
    stub,
    definitionText,
    imports: importSpans(grammar, tree).map((s) => text.slice(s.start, s.end).trim()),
    headers: enclosingScopes(grammar, tree, stub.definition.start)
      .filter((s) => s.start < stub.definition.start)
      .map((s) => text.slice(lineStart(s.start), s.bodyStart).replace(/\s+$/, '')),
    related: [...sameFile, ...otherFiles],
  };
}

const SYSTEM = [
  'You implement functions. The user shows a function whose body is a stub; write its body so the function does what its name, signature and comments say.',
  'Reply with the complete function (signature and body) in one fenced code block, and nothing else.',
  'Keep the signature, the docstring and the indentation; do not add imports or other functions.',
].join(' ');

/** The chat for implementing a stub; `attempts` are earlier answers with what was wrong with them. */
export function stubChat(ctx: StubContext, attempts: Array<{ answer: string; problem: string }>): ChatMessage[] {
  const fence = (code: string) => '```' + ctx.languageId + '\n' + code + '\n```';
  const parts = [`File: ${ctx.path} (${ctx.languageId})`];
  if (ctx.imports.length) parts.push(`Imports:\n${fence(ctx.imports.join('\n'))}`);
  for (const r of ctx.related) parts.push(`Related definition from ${r.path}:\n${fence(r.text)}`);
  if (ctx.headers.length) parts.push(`The function is inside:\n${fence(ctx.headers.join('\n'))}`);
  parts.push(`Implement \`${ctx.stub.name}\`:\n${fence(ctx.definitionText)}`);
  const messages: ChatMessage[] = [
    { role: 'system', content: SYSTEM },
    { role: 'user', content: parts.join('\n\n') },
  ];
  for (const a of attempts) {
    messages.push({ role: 'assistant', content: a.answer });
    messages.push({ role: 'user', content: `That does not work: ${a.problem}\nReply with the corrected complete function in one fenced code block.` });
  }
  return messages;
}
