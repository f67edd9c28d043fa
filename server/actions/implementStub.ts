import type { ActionOptions } from './actionOptions';
import { askModel } from './askModel';
import { buildFimContext } from '../context/fimContext';
import type { Snippet } from '../models/snippets';
import { finalizeSuggestion } from '../postprocess/finalizeSuggestion';
import { formatBody } from '../postprocess/formatBody';
import { copiedSuffixCut } from '../postprocess/suffixOverlap';
import { detectIndentStyle } from '../postprocess/indentation';
import { bodyLayout, extractCode, parserOf, reduceToBody, verbatimLines, type CodeParser } from '../postprocess/reduceToBody';
import type { SyntaxSnapshot } from '../syntax/documentTrees';
import { findStubs, type Stub } from '../syntax/stubFinder';
import { countSyntaxErrors, describeSyntaxErrors } from '../syntax/syntaxQueries';
import { unitEnd } from '../syntax/unitEnd';
import { insertionEdit, treeEditFor } from '../syntax/textEdit';
import { runCheckCommand } from './checkCommand';
import { retryNoteLines } from './retryNote';
import { stubChat, stubContext } from './stubPrompt';

export interface ImplementInput {
  /** Shown to the model. */
  path: string;
  languageId: string;
  stub: Stub;
  /** The document (its text) as parsed. */
  syntax: SyntaxSnapshot;
  lineComment?: string;
  otherFiles: Snippet[];
}

export type ImplementOutcome =
  /** `testsFail`: applied although the tests fail (`actions.applyFailing`), and how. */
  | { ok: true; replacement: string; attempts: number; testsFail?: string }
  | { ok: false; problem: string; attempts: number };

/** One answer and what was wrong with it: fed back to the model on the next attempt. */
interface Attempt {
  answer: string;
  /** The body it made, as it sits in the file; undefined when it had none. */
  body?: string;
  problem: string;
}

/**
 * Generate, check, fix: asks the model for the stub's body, reduces the answer to the
 * body (fences, a repeated signature and prose removed), splices it in and re-parses;
 * syntax errors, a body that is still a stub, a failing check command or failing tests
 * are fed back and the model tries again, up to `maxAttempts`. Model failures are thrown.
 */
export async function implementStub(input: ImplementInput, options: ActionOptions): Promise<ImplementOutcome> {
  const { stub, syntax } = input;
  const { text } = syntax;
  const ctx = stubContext(input.path, input.languageId, stub, syntax, input.otherFiles);
  const parseCode = parserOf(syntax);
  const baseline = countSyntaxErrors(syntax.tree);
  const attempts: Attempt[] = [];
  // The last candidate that failed only the tests: applied at the end if the user allows it.
  let failingTests: { replacement: string; problem: string } | undefined;

  for (let attempt = 1; attempt <= options.maxAttempts; attempt++) {
    options.onAttempt?.(attempt, options.maxAttempts);
    const answer = options.mode === 'chat' ? await askChat(ctx, attempts, options) : await askFim(input, attempts.at(-1), options);
    // A chat model writes a plain body relative to its first line; a FIM model as it sits in the file.
    const replacement = options.mode === 'chat' || isWholeAnswer(answer, stub.name, parseCode)
      ? bodyReplacement(answer, stub, text, undefined, parseCode)
      : fimReplacement(answer, input, parseCode);
    let problem = replacement === undefined ? 'the answer has no code for the body' : await problemWith(replacement, input, baseline, options);
    if (replacement !== undefined && problem === undefined && options.tests) {
      options.onTests?.(attempt, options.maxAttempts);
      const verdict = await options.tests.run(spliced(text, stub, replacement), stub.name, options.signal);
      if (!verdict.passed) failingTests = { replacement, problem: (problem = verdict.problem) };
    }
    options.log(`implement ${stub.name}, attempt ${attempt}: ${problem ?? 'ok'}`);
    if (replacement !== undefined && problem === undefined) return { ok: true, replacement, attempts: attempt };
    attempts.push({ answer, body: replacement === undefined ? undefined : bodyLines(text, stub, replacement), problem: problem! });
  }
  if (options.applyFailing && failingTests) return { ok: true, replacement: failingTests.replacement, attempts: options.maxAttempts, testsFail: failingTests.problem };
  return { ok: false, problem: attempts[attempts.length - 1].problem, attempts: options.maxAttempts };
}

/** The document with `replacement` for the stub. */
function spliced(text: string, stub: Stub, replacement: string): string {
  return text.slice(0, stub.replace.start) + replacement + text.slice(stub.replace.end);
}

/** The body's whole lines in the document with `replacement` spliced in (for telling the model what it wrote). */
function bodyLines(text: string, stub: Stub, replacement: string): string {
  const candidate = spliced(text, stub, replacement);
  return candidate.slice(lineStartOf(candidate, stub.replace.start), stub.replace.start + replacement.length);
}

function askChat(ctx: ReturnType<typeof stubContext>, attempts: Attempt[], options: ActionOptions): Promise<string> {
  return askModel(options, { messages: stubChat(ctx, attempts) });
}

/** Fill in the middle: the code up to the body, and after it; an earlier attempt is told as comments (what it wrote, why it failed). */
async function askFim(input: ImplementInput, previous: Attempt | undefined, options: ActionOptions): Promise<string> {
  const { vdoc, offset } = virtualDocument(input);
  const context = buildFimContext(vdoc, offset, options.budget);
  const indent = indentBefore(vdoc, offset);
  const note = previous && input.lineComment
    ? `${retryNoteLines(input.lineComment, indent, `The previous attempt failed: ${previous.problem.split('\n')[0]}`, { problem: previous.problem, code: previous.body }).join('\n').slice(indent.length)}\n${indent}`
    : '';
  return askModel(options, { prefix: context.prefix + note, suffix: context.suffix, snippets: input.otherFiles, lineComment: input.lineComment });
}

/**
 * The document as a fill-in-the-middle model should see it: the stub removed, and an empty
 * body opened onto an indented line of its own, so the answer starts where the body starts.
 */
function virtualDocument({ stub, syntax }: ImplementInput, answer?: string): { vdoc: string; offset: number; inner: string; outer: string } {
  const { text } = syntax;
  const outer = indentBefore(text, lineStartOf(text, stub.definition.start) + 0, true);
  const style = detectIndentStyle(text);
  // A file with no indented lines says nothing: then the answer's own indentation does.
  const answered = !style.known && answer ? answerIndent(answer, outer.length) : undefined;
  const inner = answered ?? outer + (style.useTabs ? '\t' : ' '.repeat(style.unit));
  if (stub.kind !== 'empty') return { vdoc: text.slice(0, stub.replace.start) + text.slice(stub.replace.end), offset: stub.replace.start, inner, outer };
  const open = `\n${inner}`;
  const close = closingBrace(stub, text) ? `\n${outer}` : '';
  return { vdoc: text.slice(0, stub.replace.start) + open + close + text.slice(stub.replace.end), offset: stub.replace.start + open.length, inner, outer };
}

/** Whether an empty body ends in a closing brace (Python's docstring-only body has none). */
function closingBrace(stub: Stub, text: string): boolean {
  return text[stub.replace.end] === '}';
}

/**
 * Puts code back where the stub's definition sits: after the text of the document up to
 * the definition and before the text after it, so a method is parsed inside its class.
 */
function wrapperFor(stub: Stub, text: string): (code: string) => { code: string; offset: number } {
  const before = text.slice(0, lineStartOf(text, stub.definition.start));
  const after = text.slice(stub.definition.end);
  return (code) => ({ code: before + code + after, offset: before.length });
}

/** The column the body's statements start at. */
function bodyColumn(input: ImplementInput, answer?: string): number {
  const { vdoc, offset } = virtualDocument(input, answer);
  return indentBefore(vdoc, offset).replace(/\t/g, '    ').length;
}

/** An answer that is fenced or repeats the function, rather than continuing the code. */
function isWholeAnswer(answer: string, name: string, parse: CodeParser): boolean {
  if (answer.includes('```')) return true;
  const code = extractCode(answer, name);
  if (!code.includes(name)) return false;
  const parsed = parse(code);
  if (!parsed) return false;
  try {
    return parsed.grammar.queries.stubs.matches(parsed.tree.rootNode).some((m) => m.captures.some((c) => c.name === 'name' && c.node.text === name));
  } finally {
    parsed.tree.delete();
  }
}

function bodyReplacement(answer: string, stub: Stub, text: string, column: number | undefined, parse: CodeParser): string | undefined {
  const body = reduceToBody(
    answer,
    { name: stub.name, context: stub.context, bodyColumn: column, usesSemicolons: usesSemicolons(text), wrap: wrapperFor(stub, text) },
    parse,
  );
  return body === undefined ? undefined : formatBody(body, stub, text, detectIndentStyle(extractCode(answer, stub.name)), verbatimLines(body, parse));
}

/**
 * A plain answer to a fill-in-the-middle request: usually the body as it sits in the file
 * (a continuation), but some models write it dedented, relative to its first line. Which
 * one is told by the lines before the answer starts repeating the code after the stub.
 */
function fimReplacement(answer: string, input: ImplementInput, parse: CodeParser): string | undefined {
  const { vdoc, offset } = virtualDocument(input);
  const text = answer.replace(/\r\n?/g, '\n');
  const cut = copiedSuffixCut(text, vdoc.slice(offset).replace(/\r\n?/g, '\n'));
  const own = cut === undefined ? text : text.slice(0, cut);
  const column = bodyColumn(input, answer);
  const body = own.replace(/\s+$/, '');
  const layout = bodyLayout(body, column, usesSemicolons(input.syntax.text), verbatimLines(body, parse));
  if (layout === 'in place') return continuationReplacement(answer, input, parse);
  const relative = bodyReplacement(own, input.stub, input.syntax.text, column, parse);
  if (layout === 'relative') return relative;
  // Both readings are possible: in place, as a fill-in-the-middle model continues the file,
  // unless only the relative reading parses.
  const inPlace = continuationReplacement(answer, input, parse);
  if (inPlace === undefined || relative === undefined) return inPlace ?? relative;
  return errorsWith(inPlace, input, parse) <= errorsWith(relative, input, parse) ? inPlace : relative;
}

/** Syntax errors the document has with `replacement` for the stub. */
function errorsWith(replacement: string, input: ImplementInput, parse: CodeParser): number {
  return countOf(parse, spliced(input.syntax.text, input.stub, replacement));
}

/** A plain continuation: cut where the function ends or the answer repeats what follows. */
function continuationReplacement(answer: string, input: ImplementInput, parse: CodeParser): string | undefined {
  const { vdoc, offset, inner, outer } = virtualDocument(input, answer);
  const insertion = finalizeSuggestion(answer, {
    text: vdoc,
    offset,
    multiline: true,
    baselineErrors: countOf(parse, vdoc),
    splice: (s) => {
      const spliced = vdoc.slice(0, offset) + s + vdoc.slice(offset);
      const parsed = parse(spliced);
      if (!parsed) return { errors: Number.MAX_SAFE_INTEGER };
      try {
        const end = unitEnd(parsed.grammar, parsed.tree, offset, offset + s.length, spliced);
        return { errors: countSyntaxErrors(parsed.tree), unitEnd: end === undefined ? undefined : end - offset };
      } finally {
        parsed.tree.delete();
      }
    },
  });
  if (insertion === '') return undefined;
  if (input.stub.kind !== 'empty') return insertion;
  return `\n${inner}${insertion}${closingBrace(input.stub, input.syntax.text) ? `\n${outer}` : ''}`;
}

async function problemWith(replacement: string, input: ImplementInput, baseline: number, options: ActionOptions): Promise<string | undefined> {
  const { stub, syntax } = input;
  const { text } = syntax;
  const candidate = spliced(text, stub, replacement);
  const start = pointOf(text, stub.replace.start);
  const edit = treeEditFor(stub.replace.start, stub.replace.end, start, pointOf(text, stub.replace.end), replacement);
  const tree = syntax.reparse(edit, candidate);
  if (!tree) return 'the code could not be parsed';
  try {
    if (countSyntaxErrors(tree) > baseline) return `syntax errors: ${describeSyntaxErrors(tree, candidate)}`;
    const region = { start: stub.definition.start, end: stub.definition.end + replacement.length - (stub.replace.end - stub.replace.start) };
    if (findStubs(syntax.grammar, tree, region).some((s) => s.name === stub.name)) return 'the body is still a stub';
  } finally {
    tree.delete();
  }
  if (options.check) {
    const result = await runCheckCommand(options.check.argv, candidate, options.check.originalPath, options.check.timeoutMs, options.signal, options.check.workspaceFolders);
    if (!result.ok) return `the check command failed:\n${result.output}`;
  }
  return undefined;
}

function countOf(parse: CodeParser, code: string): number {
  const parsed = parse(code);
  if (!parsed) return 0;
  try {
    return countSyntaxErrors(parsed.tree);
  } finally {
    parsed.tree.delete();
  }
}

/** Whether the document's language ends statements with `;` (most of its code lines do). */
function usesSemicolons(text: string): boolean {
  const lines = text.split('\n').filter((l) => /\S/.test(l) && !/^\s*(\/\/|#|\*|\/\*)/.test(l));
  return lines.filter((l) => /;\s*$/.test(l)).length * 3 >= lines.length;
}

/** The smallest indentation deeper than `outer` among an answer's later lines. */
function answerIndent(answer: string, outer: number): string | undefined {
  const leads = answer
    .split('\n')
    .slice(1)
    .filter((l) => l.trim() !== '')
    .map((l) => /^[ \t]*/.exec(l)![0])
    .filter((lead) => lead.length > outer)
    .sort((a, b) => a.length - b.length);
  return leads[0];
}

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The whitespace before `offset` on its line (or, with `wholeLine`, at the start of its line). */
function indentBefore(text: string, offset: number, wholeLine = false): string {
  const start = lineStartOf(text, offset);
  return /^[ \t]*/.exec(text.slice(start, wholeLine ? undefined : offset))![0];
}

function pointOf(text: string, offset: number) {
  return insertionEdit(text, offset, '').startPosition;
}
