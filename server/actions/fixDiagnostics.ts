import { askModel, type ActionOptions } from './actionOptions';
import type { Snippet } from '../models/snippets';
import { mapFixAnswer, type TextChange } from '../postprocess/mapFix';
import type { CodeParser } from '../postprocess/reduceToBody';
import { strongOverlapCut } from '../postprocess/suffixOverlap';
import type { SyntaxSnapshot } from '../syntax/documentTrees';
import { fixUnitFor, type FixUnit } from '../syntax/fixUnit';
import type { Tree } from 'web-tree-sitter';
import { countSyntaxErrors, countSyntaxErrorsIn, definitions, describeSyntaxErrors, importSpans, type Span } from '../syntax/syntaxQueries';
import { runCheckCommand } from './checkCommand';
import { fixChat, fixNote, type FixContext, type ProblemReport } from './fixPrompt';

/** A problem to fix: what the other server said, and where (UTF-16 offsets into the document). */
export interface Problem {
  message: string;
  source?: string;
  code?: string | number;
  range: Span;
}

export type FixOutcome = { ok: true; changes: TextChange[] } | { ok: false; problem: string };

/**
 * Generate, check, fix for the problems of one unit (the function or statement around
 * them): the model rewrites the unit, the answer is laid over the document as minimal
 * edits inside the unit (plus added imports), the result is re-parsed (no new syntax
 * errors) and checked with the user's command (the problem's message must be gone);
 * failures are fed back, up to `maxAttempts`. Model failures are thrown.
 */
export async function fixProblems(
  input: { path: string; languageId: string; syntax: SyntaxSnapshot; lineComment?: string; otherFiles: Snippet[]; problems: Problem[] },
  options: ActionOptions,
): Promise<FixOutcome> {
  const { syntax, problems } = input;
  const { text } = syntax;
  const unit = unitFor(syntax, problems);
  const parse: CodeParser = (code) => {
    const tree = syntax.parse(code);
    return tree && { grammar: syntax.grammar, tree };
  };
  const ctx: FixContext = {
    path: input.path,
    languageId: input.languageId,
    problems: problems.map((p) => report(text, p)),
    unitText: text.slice(unit.start, unit.end),
    unitLine: text.slice(0, unit.start).split('\n').length,
    imports: importSpans(syntax.grammar, syntax.tree).map((s) => text.slice(s.start, s.end).trim()),
    related: input.otherFiles,
  };
  const baseline = countSyntaxErrors(syntax.tree);
  const attempts: Array<{ answer: string; problem: string }> = [];
  for (let attempt = 1; attempt <= options.maxAttempts; attempt++) {
    options.onAttempt?.(attempt, options.maxAttempts);
    const answer = options.mode === 'chat' ? await askChat(ctx, attempts, options) : await askFim(input, ctx, unit, attempts.at(-1)?.problem, options);
    const changes = mapFixAnswer(answer, { text, unit, name: unit.name, parse });
    const problem = changes ? await problemWith(changes, input, baseline, unit, options) : 'the answer changes nothing';
    options.log(`fix ${problems.map((p) => JSON.stringify(p.message)).join(', ')}, attempt ${attempt}: ${problem ?? 'ok'}`);
    if (changes && problem === undefined) return { ok: true, changes };
    attempts.push({ answer, problem: problem! });
  }
  return { ok: false, problem: attempts[attempts.length - 1].problem };
}

/** The unit around all the problems (they are grouped by unit before they get here). */
export function unitFor(syntax: SyntaxSnapshot, problems: Problem[]): FixUnit {
  const range = { start: Math.min(...problems.map((p) => p.range.start)), end: Math.max(...problems.map((p) => p.range.end)) };
  return fixUnitFor(syntax.grammar, syntax.tree, syntax.text, range);
}

function report(text: string, p: Problem): ProblemReport {
  const before = text.slice(0, p.range.start);
  return {
    message: p.message,
    source: p.source,
    code: p.code,
    line: before.split('\n').length,
    column: p.range.start - (before.lastIndexOf('\n') + 1) + 1,
    excerpt: text.slice(p.range.start, p.range.end).split('\n')[0].slice(0, 80),
  };
}

function askChat(ctx: FixContext, attempts: Array<{ answer: string; problem: string }>, options: ActionOptions): Promise<string> {
  return askModel(options, { messages: fixChat(ctx, attempts) });
}

/** Fill in the middle: the unit removed, a comment saying what to fix in its place. */
async function askFim(
  input: { syntax: SyntaxSnapshot; lineComment?: string; otherFiles: Snippet[] },
  ctx: FixContext,
  unit: FixUnit,
  problem: string | undefined,
  options: ActionOptions,
): Promise<string> {
  const { text } = input.syntax;
  const indent = /^[ \t]*/.exec(ctx.unitText)![0];
  const prefixChars = options.budget.prefixTokens * 4;
  const suffixChars = options.budget.suffixTokens * 4;
  const note = input.lineComment ? fixNote(ctx, input.lineComment, indent, problem) : '';
  const answer = await askModel(options, {
    prefix: text.slice(Math.max(0, unit.start - prefixChars), unit.start) + note,
    suffix: text.slice(unit.end, unit.end + suffixChars),
    snippets: input.otherFiles,
    lineComment: input.lineComment,
  });
  // What follows the unit, if the model went on, is not part of the answer.
  const cut = strongOverlapCut(answer, text.slice(unit.end));
  return cut !== undefined ? answer.slice(0, cut) : answer;
}

async function problemWith(
  changes: TextChange[],
  input: { syntax: SyntaxSnapshot; problems: Problem[] },
  baseline: number,
  unit: Span,
  options: ActionOptions,
): Promise<string | undefined> {
  const candidate = applyChanges(input.syntax.text, changes);
  const tree = input.syntax.parse(candidate);
  if (!tree) return 'the code could not be parsed';
  try {
    if (countSyntaxErrors(tree) > baseline) return `syntax errors: ${describeSyntaxErrors(tree, candidate)}`;
    // Counted in the unit too: a file with errors already can hide new ones in its total.
    const fixed = { start: shiftedBy(changes, unit.start), end: shiftedBy(changes, unit.end) };
    const before = countSyntaxErrorsIn(input.syntax.tree, unit.start, unit.end);
    const after = countSyntaxErrorsIn(tree, fixed.start, fixed.end);
    // The fixed unit parses, and where it had errors (the ones being fixed, likely) the file has fewer.
    if (after > 0 || (before > 0 && countSyntaxErrors(tree) >= baseline)) return `syntax errors in the fixed code: ${describeSyntaxErrors(tree, candidate)}`;
    // Where the unit does not parse, its nesting cannot be trusted: only a definition gone counts then.
    const moved = movedDefinition(input.syntax, unit, tree, fixed, before === 0);
    if (moved) return moved;
  } finally {
    tree.delete();
  }
  if (options.check) {
    const result = await runCheckCommand(options.check.argv, candidate, options.check.originalPath, options.check.timeoutMs, options.signal);
    const still = input.problems.filter((p) => !result.ok && result.output.includes(p.message));
    if (still.length) return `the check command still reports: ${still.map((p) => p.message).join('; ')}\n${result.ok ? '' : result.output}`;
  }
  return undefined;
}

/**
 * A definition of the unit that the fix removes or moves out of the definition it was in
 * (a method that ends up outside its class), as the reason to refuse it; undefined when
 * every one is still there, in the same place.
 */
function movedDefinition(syntax: SyntaxSnapshot, unit: Span, tree: Tree, fixed: Span, checkPlace: boolean): string | undefined {
  const placed = (t: Tree, span: Span) => {
    const all = definitions(syntax.grammar, t);
    const parentOf = (d: Span) => all.filter((o) => o !== d && o.start <= d.start && d.end <= o.end && o.end - o.start > d.end - d.start).sort((a, b) => a.end - a.start - (b.end - b.start))[0];
    return all.filter((d) => d.start >= span.start && d.start < span.end).map((d) => ({ name: d.name, parent: parentOf(d)?.name }));
  };
  const after = placed(tree, fixed);
  for (const d of placed(syntax.tree, unit)) {
    // Gone from the fixed code: removed, or moved out of it (a method dedented out of its class).
    const now = after.filter((a) => a.name === d.name);
    if (now.length === 0) return `the fix removes ${d.name} or moves it out of its place`;
    if (checkPlace && !now.some((a) => a.parent === d.parent)) return `the fix moves ${d.name} out of ${d.parent ?? 'the top level'}`;
  }
  return undefined;
}

/** Where `offset` of the text is once `changes` are applied (a change that ends at or before it moves it). */
function shiftedBy(changes: readonly TextChange[], offset: number): number {
  let out = offset;
  for (const c of changes) if (c.end <= offset) out += c.newText.length - (c.end - c.start);
  return out;
}

/** The text with non-overlapping changes applied. */
export function applyChanges(text: string, changes: readonly TextChange[]): string {
  let out = text;
  for (const c of [...changes].sort((a, b) => b.start - a.start)) out = out.slice(0, c.start) + c.newText + out.slice(c.end);
  return out;
}
