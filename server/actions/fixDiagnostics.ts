import type { ActionOptions } from './actionOptions';
import { askModel } from './askModel';
import type { Snippet } from '../models/snippets';
import { importsEnd } from '../postprocess/importMerge';
import { mapFixAnswer, mapImportAnswer, type TextChange } from '../postprocess/mapFix';
import { parserOf, type CodeParser } from '../postprocess/reduceToBody';
import { copiedSuffixCut } from '../postprocess/suffixOverlap';
import type { SyntaxSnapshot } from '../syntax/documentTrees';
import { fixUnitFor, type FixUnit } from '../syntax/fixUnit';
import { countSyntaxErrors, countSyntaxErrorsIn, describeSyntaxErrors, importSpans, type Span } from '../syntax/syntaxQueries';
import { runCheckCommand } from './checkCommand';
import { changeOutsideUnit, lostDefinition, movedDefinition, partlyReindented, shiftedBy } from './fixGuards';
import { fixChat, fixNote, type FixContext, type ProblemReport } from './fixPrompt';

/** A problem to fix: what the other server said, and where (UTF-16 offsets into the document). */
export interface Problem {
  message: string;
  source?: string;
  code?: string | number;
  range: Span;
}

/** `testsFail`: applied although the tests fail (`actions.applyFailing`), and how. */
export type FixOutcome = { ok: true; changes: TextChange[]; testsFail?: string } | { ok: false; problem: string };

/**
 * Generate, check, fix for the problems of one unit (the function or statement around
 * them): the model rewrites the unit, the answer is laid over the document as minimal
 * edits inside the unit (plus added imports), the result is re-parsed (no new syntax
 * errors) and checked with the user's command (the problem's message must be gone)
 * and tests (they must pass); failures are fed back, up to `maxAttempts`. Model failures
 * are thrown.
 */
export async function fixProblems(
  input: { path: string; languageId: string; syntax: SyntaxSnapshot; lineComment?: string; otherFiles: Snippet[]; problems: Problem[] },
  options: ActionOptions,
): Promise<FixOutcome> {
  const { syntax, problems } = input;
  const { text } = syntax;
  const unit = unitFor(syntax, problems);
  const parse = parserOf(syntax);
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
  const attempts: Attempt[] = [];
  let failingTests: { changes: TextChange[]; problem: string } | undefined;
  for (let attempt = 1; attempt <= options.maxAttempts; attempt++) {
    options.onAttempt?.(attempt, options.maxAttempts);
    let answer = options.mode === 'chat' ? await askChat(ctx, attempts, options) : await askFim(input, ctx, unit, attempts.at(-1), options);
    let changes = mapFixAnswer(answer, { text, unit, name: unit.name, kind: unit.kind, parse });
    if (!changes && options.mode === 'fim') {
      // The model keeps the unit as it is: the fix lies outside it, a missing import most often.
      answer = await askFimImports(input, ctx, parse, attempts.at(-1), options);
      changes = mapImportAnswer(answer, { text, parse });
    }
    // The document as the changes make it: parsed, checked and tested.
    const fixed = changes && { changes, text: applyChanges(text, changes) };
    let problem = fixed ? await problemWith(fixed.changes, fixed.text, input, baseline, unit, options) : 'the answer changes nothing';
    if (fixed && problem === undefined && options.tests) {
      options.onTests?.(attempt, options.maxAttempts);
      const verdict = await options.tests.run(fixed.text, unit.name ?? '', options.signal);
      if (!verdict.passed) failingTests = { changes: fixed.changes, problem: (problem = verdict.problem) };
    }
    options.log(`fix ${problems.map((p) => JSON.stringify(p.message)).join(', ')}, attempt ${attempt}: ${problem ?? 'ok'}`);
    if (fixed && problem === undefined) return { ok: true, changes: fixed.changes };
    attempts.push({ answer, code: fixed ? fixedUnit(fixed.text, unit, fixed.changes) : undefined, problem: problem! });
  }
  if (options.applyFailing && failingTests) return { ok: true, changes: failingTests.changes, testsFail: failingTests.problem };
  return { ok: false, problem: attempts[attempts.length - 1].problem };
}

/** One answer and what was wrong with it: fed back to the model on the next attempt. */
interface Attempt {
  answer: string;
  /** The unit as the answer rewrote it; undefined when it changed nothing. */
  code?: string;
  problem: string;
}

/** The unit's text in the candidate (the document with the changes made). */
function fixedUnit(candidate: string, unit: Span, changes: TextChange[]): string {
  return candidate.slice(shiftedBy(changes, unit.start), shiftedBy(changes, unit.end));
}

/** What "Fix all" made of a file's problems: the edits of every unit it fixed, and why the others were not. */
export interface FixAllOutcome {
  changes: TextChange[];
  failures: Array<{ problems: Problem[]; reason: string }>;
  /** Fixes applied although the tests fail (`actions.applyFailing`), and how they fail. */
  testsFail: Array<{ problems: Problem[]; reason: string }>;
}

/**
 * Fixes a file's problems one unit at a time (each unit's problems in one model pass),
 * every unit checked on its own; an import two units both add is added once.
 */
export async function fixAllProblems(
  input: { path: string; languageId: string; syntax: SyntaxSnapshot; lineComment?: string; otherFiles: (at: number) => Promise<Snippet[]>; problems: Problem[] },
  options: ActionOptions,
): Promise<FixAllOutcome> {
  const groups = new Map<string, Problem[]>();
  for (const p of input.problems) {
    const unit = unitFor(input.syntax, [p]);
    const key = `${unit.start}:${unit.end}`;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  const changes: TextChange[] = [];
  const failures: FixAllOutcome['failures'] = [];
  const testsFail: FixAllOutcome['testsFail'] = [];
  let errors = countSyntaxErrors(input.syntax.tree);
  for (const group of groups.values()) {
    const outcome = await fixProblems({ ...input, otherFiles: await input.otherFiles(group[0].range.start), problems: group }, options);
    if (!outcome.ok) {
      failures.push({ problems: group, reason: outcome.problem });
      continue;
    }
    // Units do not overlap, but the same import may be added twice: keep the first.
    const added = outcome.changes.filter((c) => !changes.some((e) => e.start === c.start && e.end === c.end && e.newText === c.newText));
    // Two insertions at one place (two imports) become one, in order.
    const merged = changes.map((e) => {
      const same = added.find((c) => c.start === c.end && e.start === e.end && c.start === e.start);
      return same ? { ...e, newText: e.newText + same.newText } : e;
    });
    const rest = added.filter((c) => !(c.start === c.end && changes.some((e) => e.start === e.end && e.start === c.start)));
    if (rest.some((c) => merged.some((e) => e.start < c.end && c.start < e.end))) {
      failures.push({ problems: group, reason: 'its fix overlaps the fix of another problem' });
      continue;
    }
    // Each fix was checked alone; together they must not break the file either.
    const together = errorsIn(input.syntax, applyChanges(input.syntax.text, [...merged, ...rest]));
    if (together === undefined || together > errors) {
      failures.push({ problems: group, reason: 'together with the other fixes it leaves syntax errors' });
      continue;
    }
    errors = together;
    changes.splice(0, changes.length, ...merged, ...rest);
    if (outcome.testsFail) testsFail.push({ problems: group, reason: outcome.testsFail });
  }
  return { changes: changes.sort((a, b) => a.start - b.start), failures, testsFail };
}

function errorsIn(syntax: SyntaxSnapshot, text: string): number | undefined {
  const tree = syntax.parse(text);
  if (!tree) return undefined;
  try {
    return countSyntaxErrors(tree);
  } finally {
    tree.delete();
  }
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

function askChat(ctx: FixContext, attempts: Attempt[], options: ActionOptions): Promise<string> {
  return askModel(options, { messages: fixChat(ctx, attempts) });
}

/** Fill in the middle: the unit removed, a comment saying what to fix in its place. */
async function askFim(
  input: { syntax: SyntaxSnapshot; lineComment?: string; otherFiles: Snippet[] },
  ctx: FixContext,
  unit: FixUnit,
  previous: Attempt | undefined,
  options: ActionOptions,
): Promise<string> {
  const { text } = input.syntax;
  const indent = /^[ \t]*/.exec(ctx.unitText)![0];
  const prefixChars = options.budget.prefixTokens * 4;
  const suffixChars = options.budget.suffixTokens * 4;
  const note = input.lineComment ? fixNote(ctx, input.lineComment, indent, previous) : '';
  const answer = await askModel(options, {
    prefix: text.slice(Math.max(0, unit.start - prefixChars), unit.start) + note,
    suffix: text.slice(unit.end, unit.end + suffixChars),
    snippets: input.otherFiles,
    lineComment: input.lineComment,
  });
  // What follows the unit, if the model went on, is not part of the answer.
  const cut = copiedSuffixCut(answer, text.slice(unit.end));
  return cut !== undefined ? answer.slice(0, cut) : answer;
}

/** Fill in the middle at the end of the file's imports, with the problem as a comment: where a missing import is added. */
async function askFimImports(
  input: { syntax: SyntaxSnapshot; lineComment?: string; otherFiles: Snippet[] },
  ctx: FixContext,
  parse: CodeParser,
  previous: Attempt | undefined,
  options: ActionOptions,
): Promise<string> {
  const { syntax } = input;
  const at = importsEnd(syntax.text, parse);
  const note = input.lineComment ? fixNote(ctx, input.lineComment, '', previous) : '';
  return askModel(options, {
    prefix: syntax.text.slice(Math.max(0, at - options.budget.prefixTokens * 4), at) + note,
    suffix: syntax.text.slice(at, at + options.budget.suffixTokens * 4),
    snippets: input.otherFiles,
    lineComment: input.lineComment,
  });
}

async function problemWith(
  changes: TextChange[],
  candidate: string,
  input: { syntax: SyntaxSnapshot; problems: Problem[] },
  baseline: number,
  unit: Span,
  options: ActionOptions,
): Promise<string | undefined> {
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
    const misplaced =
      lostDefinition(input.syntax, tree) ??
      movedDefinition(input.syntax, unit, tree, fixed, before === 0) ??
      changeOutsideUnit(input.syntax, unit, changes, tree, candidate) ??
      partlyReindented(input.syntax, unit, changes, tree, fixed);
    if (misplaced) return misplaced;
  } finally {
    tree.delete();
  }
  if (options.check) {
    const result = await runCheckCommand(options.check.argv, candidate, options.check.originalPath, options.check.timeoutMs, options.signal, options.check.workspaceFolders);
    const still = input.problems.filter((p) => !result.ok && result.output.includes(p.message));
    if (still.length) return `the check command still reports: ${still.map((p) => p.message).join('; ')}\n${result.ok ? '' : result.output}`;
  }
  return undefined;
}

/** The text with non-overlapping changes applied. */
export function applyChanges(text: string, changes: readonly TextChange[]): string {
  let out = text;
  for (const c of [...changes].sort((a, b) => b.start - a.start)) out = out.slice(0, c.start) + c.newText + out.slice(c.end);
  return out;
}
