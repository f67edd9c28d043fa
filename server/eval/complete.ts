import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CASE_KINDS, drawCompleteCases, type CaseKind, type CompleteCase } from './completeCases';
import { LspDriver } from './lspDriver';
import { alignedRow, columnWidths } from '../reporting/columns';
import { progressBar, type ProgressOut } from '../reporting/progressBar';

export interface CompleteOptions {
  root: string;
  /** Absolute paths. */
  files: string[];
  cases: number;
  seed: number;
  settingsSection: Record<string, unknown>;
  /** dist/server/main.js. */
  serverMain: string;
}

export interface KindScore {
  cases: number;
  /** Fraction 0..1 of answers equal to the expected middle (trailing whitespace aside). */
  exactMatch: number;
  /** Mean over cases of 1 - levenshtein/max(length) (1 for two empty texts), trailing whitespace aside. */
  editSimilarity: number;
  latencyMs: { p50: number; p90: number };
}

export interface CompleteReport {
  cases: number;
  seed: number;
  kinds: Partial<Record<CaseKind, KindScore>>;
  total: KindScore;
  /** What the server showed the user, e.g. "cannot reach Ollama". */
  messages: string[];
}

/** One case's outcome. */
interface Scored {
  kind: CaseKind;
  exact: boolean;
  similarity: number;
  ms: number;
}

/**
 * `infill-ls eval complete`: draws fill-in-the-middle cases from the project and asks the
 * built server for each, as an editor would: one server for the whole run, each case's
 * document opened, completed once at the cursor, and closed. A case without a suggestion
 * (the model unreachable, an empty answer) scores as an empty answer; the server's
 * messages go into the report, so a run against a dead model says why it scored 0.
 */
export async function runEvalComplete(options: CompleteOptions, io: { out(text: string): void; progress: ProgressOut }): Promise<CompleteReport> {
  const cases = await drawCompleteCases(options.root, options.files, options.cases, options.seed);
  const byKind = CASE_KINDS.map((k) => `${k} ${cases.filter((c) => c.kind === k).length}`).join(', ');
  io.out(`${cases.length} cases (${byKind}) from ${options.files.length} files, seed ${options.seed}\n`);
  const scored: Scored[] = [];
  const messages: string[] = [];
  if (cases.length > 0) {
    const rootUri = pathToFileURL(path.resolve(options.root)).href;
    const driver = await LspDriver.start({ serverMain: options.serverMain, settingsSection: options.settingsSection, rootUri });
    const bar = progressBar(io.progress, cases.length, 'complete');
    try {
      for (const c of cases) {
        const { score, error } = await runCase(driver, options.root, c);
        scored.push(score);
        if (error && !messages.includes(error)) messages.push(error);
        bar.step(`${c.kind} ${c.file}${score.exact ? '' : ' (miss)'}`);
      }
    } finally {
      bar.done();
      await driver.shutdown();
    }
    for (const m of driver.messages) if (!messages.includes(m)) messages.push(m);
  }
  const kinds: Partial<Record<CaseKind, KindScore>> = {};
  for (const kind of CASE_KINDS) {
    const ofKind = scored.filter((s) => s.kind === kind);
    if (ofKind.length > 0) kinds[kind] = scoreOf(ofKind);
  }
  return { cases: cases.length, seed: options.seed, kinds, total: scoreOf(scored), messages };
}

async function runCase(driver: LspDriver, root: string, c: CompleteCase): Promise<{ score: Scored; error?: string }> {
  const uri = pathToFileURL(path.join(path.resolve(root), ...c.file.split('/'))).href;
  driver.open(uri, c.languageId, c.text);
  try {
    const outcome = await driver.complete(uri, driver.positionAt(uri, c.offset));
    const answer = (outcome.text ?? '').trimEnd();
    const expected = c.expected.trimEnd();
    const score = { kind: c.kind, exact: answer === expected, similarity: editSimilarity(answer, expected), ms: outcome.ms };
    return { score, error: outcome.error && `completion failed: ${outcome.error}` };
  } finally {
    driver.close(uri);
  }
}

function scoreOf(scored: readonly Scored[]): KindScore {
  const n = scored.length;
  const mean = (values: number[]) => (n === 0 ? 0 : values.reduce((a, b) => a + b, 0) / n);
  const latencies = scored.map((s) => s.ms);
  return {
    cases: n,
    exactMatch: mean(scored.map((s) => (s.exact ? 1 : 0))),
    editSimilarity: mean(scored.map((s) => s.similarity)),
    latencyMs: { p50: percentile(latencies, 50), p90: percentile(latencies, 90) },
  };
}

/** Nearest-rank: always a latency that was measured (0 for none). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** 1 - levenshtein(a, b) / max(length): 1 for equal texts (two empty ones included), 0 for nothing in common. */
export function editSimilarity(a: string, b: string): number {
  const longest = Math.max(a.length, b.length);
  return longest === 0 ? 1 : 1 - levenshtein(a, b) / longest;
}

/** Edits (insert, delete, substitute one UTF-16 unit) from a to b, two rows at a time. */
export function levenshtein(a: string, b: string): number {
  if (a.length < b.length) [a, b] = [b, a];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  let current = new Array<number>(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    [previous, current] = [current, previous];
  }
  return previous[b.length];
}

/** The report as a table: one row per kind and a total (cases, exact match %, edit similarity, p50 ms, p90 ms). */
export function completeTable(report: CompleteReport): string {
  const header = ['kind', 'cases', 'exact match', 'edit similarity', 'p50 ms', 'p90 ms'];
  const row = (name: string, s: KindScore) => [
    name,
    String(s.cases),
    `${(s.exactMatch * 100).toFixed(1)}%`,
    s.editSimilarity.toFixed(3),
    s.latencyMs.p50.toFixed(0),
    s.latencyMs.p90.toFixed(0),
  ];
  const rows = [header, ...CASE_KINDS.flatMap((k) => (report.kinds[k] ? [row(k, report.kinds[k])] : [])), row('total', report.total)];
  const widths = columnWidths(rows);
  // The kind aligns left, numbers right.
  const line = (r: string[]) => alignedRow(r, widths);
  return `${[line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n')}\n`;
}
