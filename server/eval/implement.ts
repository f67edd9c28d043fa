import * as fs from 'node:fs';
import * as path from 'node:path';
import * as url from 'node:url';
import { candidateTests } from '../actions/candidateTests';
import { implementStub } from '../actions/implementStub';
import { ScratchWorkspace } from '../actions/scratchWorkspace';
import type { ActionOptions } from '../actions/actionOptions';
import { modelFor, type Settings } from '../config/settings';
import { createProvider } from '../models/createProvider';
import { ModelError } from '../models/modelError';
import type { Provider } from '../models/provider';
import { DocumentTrees } from '../syntax/documentTrees';
import { GrammarRegistry, type GrammarEntry } from '../syntax/grammarRegistry';
import { findStubs } from '../syntax/stubFinder';
import { evalFunctions, type EvalFunction } from './functionStubs';
import { meanOf, passAtK } from './passAtK';
import { alignedRow, columnWidths } from '../reporting/columns';
import { progressBar, type ProgressOut } from '../reporting/progressBar';

export interface ImplementEvalOptions {
  /** The project: the tests run in a scratch copy of it. */
  root: string;
  /** Absolute paths of the files whose functions are evaluated. */
  files: string[];
  /** Only these functions, whatever their length. */
  functions?: string[];
  test: string[];
  n: number;
  k: number[];
  attempts: number;
  temperature: number;
  settings: Settings;
  /** The settings' check command per language id, where the user allowed it. */
  checkCommands: Record<string, string[]>;
  signal: AbortSignal;
}

export interface FunctionResult {
  /** Relative to the root, with forward slashes. */
  file: string;
  name: string;
  samples: number;
  passed: number;
  /** By k; null when the function was skipped. */
  passAtK: Record<string, number> | null;
  /** Why it was not evaluated; null when it was. */
  skipped: string | null;
  /** Median time of one sample (all its attempts and test runs), in milliseconds. */
  medianMs: number | null;
}

export interface ImplementReport {
  n: number;
  k: number[];
  attempts: number;
  functions: FunctionResult[];
  /** Mean over the evaluated functions, by k. */
  passAtK: Record<string, number>;
  evaluated: number;
  skipped: number;
}

/** Model failures that end the evaluation: every later sample would fail the same way, and the scores would mislead. */
const FATAL = new Set(['unreachable', 'modelMissing', 'noInsert', 'notOllama', 'unauthorized', 'rejected']);

/** A model failure that ends the evaluation (the model is not there, or refuses every request). */
export class EvalStopped extends Error {}

/**
 * pass@k of the Implement action on the user's own functions: for each, in a scratch copy
 * of the project, the tests must pass on the original and fail on the stub; then Implement
 * runs n times (each with its attempts, the tests as its check) and the passes are counted.
 */
export async function runEvalImplement(options: ImplementEvalOptions, io: { progress: ProgressOut; warn(text: string): void }): Promise<ImplementReport> {
  const registry = new GrammarRegistry(undefined, (m) => io.warn(m));
  const trees = new DocumentTrees(registry);
  const targets = await functionsToEvaluate(options, registry, trees, io);
  const ks = options.k.filter((k) => k <= options.n);
  if (ks.length < options.k.length) io.warn(`pass@k for k above n (${options.n}) is left out: ${options.k.filter((k) => k > options.n).join(', ')}`);
  const scratch = ScratchWorkspace.create(options.root);
  const bar = progressBar(io.progress, targets.length * options.n, 'implement');
  const providers = new Map<string, Provider>();
  const results: FunctionResult[] = [];
  try {
    for (const target of targets) {
      results.push(await evaluate(target, options, ks, scratch, trees, providers, bar));
      scratch.restore(target.file);
    }
  } finally {
    bar.done();
    scratch.dispose();
  }
  const evaluated = results.filter((r) => r.skipped === null);
  const mean: Record<string, number> = {};
  for (const k of ks) {
    const m = meanOf(evaluated.map((r) => r.passAtK?.[String(k)]));
    if (m !== undefined) mean[String(k)] = m;
  }
  return { n: options.n, k: ks, attempts: options.attempts, functions: results, passAtK: mean, evaluated: evaluated.length, skipped: results.length - evaluated.length };
}

interface Target {
  /** Relative path, forward slashes. */
  file: string;
  absolute: string;
  original: string;
  entry: GrammarEntry;
  fn: EvalFunction;
}

/** Every function of the files that is long enough (or named), in file order. */
async function functionsToEvaluate(options: ImplementEvalOptions, registry: GrammarRegistry, trees: DocumentTrees, io: { warn(text: string): void }): Promise<Target[]> {
  const targets: Target[] = [];
  const named = new Set(options.functions ?? []);
  for (const absolute of options.files) {
    const entry = registry.entryFor('', absolute);
    if (!entry) continue;
    const original = fs.readFileSync(absolute, 'utf8');
    const uri = url.pathToFileURL(absolute).href;
    trees.open(uri, entry.languageIds[0], original, 1);
    const syntax = await trees.snapshot(uri, original, 1);
    trees.close(uri);
    if (!syntax) {
      io.warn(`${absolute}: cannot be parsed; skipped`);
      continue;
    }
    try {
      const file = path.relative(options.root, absolute).split(path.sep).join('/');
      for (const fn of evalFunctions(syntax.grammar, syntax.tree, original, (code) => syntax.parse(code))) {
        if (named.size ? named.has(fn.name) : fn.bodyLines >= 2) targets.push({ file, absolute, original, entry, fn });
      }
    } finally {
      syntax.dispose();
    }
  }
  for (const name of named) if (!targets.some((t) => t.fn.name === name)) io.warn(`no function named ${name} in the files`);
  return targets;
}

async function evaluate(
  target: Target,
  options: ImplementEvalOptions,
  ks: number[],
  scratch: ScratchWorkspace,
  trees: DocumentTrees,
  providers: Map<string, Provider>,
  bar: { step(detail: string): void },
): Promise<FunctionResult> {
  const { file, fn, entry } = target;
  const result: FunctionResult = { file, name: fn.name, samples: 0, passed: 0, passAtK: null, skipped: null, medianMs: null };
  const skip = (reason: string): FunctionResult => {
    for (let i = 0; i < options.n; i++) bar.step(`${file} ${fn.name}: ${reason}`);
    return { ...result, skipped: reason };
  };
  const tests = candidateTests(options.test, { root: options.root, file, timeoutMs: options.settings.actions.testTimeoutMs, scratch });
  if (!(await tests.run(target.original, fn.name, options.signal)).passed) return skip('tests fail without changes');
  if ((await tests.run(fn.stubbed, fn.name, options.signal)).passed) return skip('not covered by the tests');

  const languageId = entry.languageIds[0];
  const uri = url.pathToFileURL(target.absolute).href;
  trees.open(uri, languageId, fn.stubbed, 1);
  const syntax = await trees.snapshot(uri, fn.stubbed, 1);
  trees.close(uri);
  const stub = syntax && findStubs(syntax.grammar, syntax.tree).find((s) => s.name === fn.name && s.definition.start === fn.stubStart);
  if (!syntax || !stub) {
    syntax?.dispose();
    return skip('cannot be stubbed');
  }
  const model = modelFor(options.settings, 'actions', languageId);
  const key = JSON.stringify(model);
  if (!providers.has(key)) providers.set(key, createProvider(model));
  const actionOptions: ActionOptions = {
    provider: providers.get(key)!,
    mode: options.settings.actions.mode,
    maxAttempts: options.attempts,
    maxTokens: options.settings.actions.maxTokens,
    temperature: options.temperature,
    timeoutMs: options.settings.actions.timeoutMs,
    budget: options.settings.context,
    check: options.checkCommands[languageId]
      ? { argv: options.checkCommands[languageId], originalPath: target.absolute, timeoutMs: options.settings.actions.checkTimeoutMs, workspaceFolders: [] }
      : undefined,
    tests,
    // A sample counts only when its tests pass.
    applyFailing: false,
    signal: options.signal,
    log: () => undefined,
  };
  const times: number[] = [];
  try {
    for (let sample = 1; sample <= options.n; sample++) {
      const started = performance.now();
      let passed = false;
      try {
        const outcome = await implementStub({ path: target.absolute, languageId, stub, syntax, lineComment: entry.lineComment, otherFiles: [] }, actionOptions);
        passed = outcome.ok;
      } catch (e) {
        if (!(e instanceof ModelError)) throw e;
        if (FATAL.has(e.kind)) throw new EvalStopped(e.userMessage);
        // A slow or dropped answer fails this sample only.
      }
      times.push(performance.now() - started);
      result.samples++;
      if (passed) result.passed++;
      bar.step(`${file} ${fn.name}: sample ${sample}, ${result.passed} passed`);
    }
  } finally {
    syntax.dispose();
  }
  const scores: Record<string, number> = {};
  for (const k of ks) scores[String(k)] = passAtK(result.samples, result.passed, k)!;
  return { ...result, passAtK: scores, medianMs: median(times) };
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The report as a table: one row per function (samples, passed, pass@k for each k, median time; a skipped one says why), then the means. */
export function implementTable(report: ImplementReport): string {
  const score = (v: number | undefined) => (v === undefined ? '-' : v.toFixed(3));
  const head = ['function', 'samples', 'passed', ...report.k.map((k) => `pass@${k}`), 'median'];
  const rows = report.functions.map((f) => [
    `${f.file}:${f.name}`,
    String(f.samples),
    String(f.passed),
    ...report.k.map((k) => score(f.passAtK?.[String(k)])),
    f.medianMs === null ? '-' : `${(f.medianMs / 1000).toFixed(1)} s`,
  ]);
  const mean = [`mean of ${report.evaluated} evaluated`, '', '', ...report.k.map((k) => score(report.passAtK[String(k)])), ''];
  const widths = columnWidths([head, ...rows, mean]);
  const line = (r: string[]) => alignedRow(r, widths);
  return [
    line(head),
    '-'.repeat(line(head).length),
    ...rows.map((r, i) => {
      const skipped = report.functions[i].skipped;
      return skipped === null ? line(r) : `${line(r)}  skipped: ${skipped}`;
    }),
    line(mean).replace(/\s+$/, '') + (report.skipped ? `  (${report.skipped} skipped)` : ''),
  ].join('\n');
}
