// How results look: aligned text lines for people, or one JSON array for scripts.
import { embeddedModelFile } from '../models/modelCatalog';
import type { CheckResult } from './result';
import type { DoctorTarget } from './target';

const STATUS_WIDTH = 5;
const CHECK_WIDTH = 11;
const INDENT = '  ';
/** Fix lines start under the detail, so that the command stands out and copies cleanly. */
const FIX_INDENT = ' '.repeat(INDENT.length + STATUS_WIDTH + 1 + CHECK_WIDTH + 1);

export function sourcesLine(sources: string[]): string {
  return `settings: ${sources.join(', ')}`;
}

/** `completion model qwen2.5-coder:1.5b-base (ollama at http://127.0.0.1:11434)`. */
export function sectionLine(target: DoctorTarget): string {
  const m = target.model;
  const how = target.use === 'chat' ? ', chat' : '';
  if (m.provider === 'auto') return `${target.role} model ${m.name} (auto: Ollama at ${m.endpoint}, else embedded${how})`;
  if (m.provider === 'embedded') return `${target.role} model ${m.name} (embedded: ${embeddedModelFile(m) ?? 'no file'}${how})`;
  return `${target.role} model ${m.name} (${m.provider} at ${m.endpoint}${how})`;
}

/** One line per check, and a `fix:` line under each that has a fix. */
export function resultLines(r: CheckResult): string[] {
  const lines = [`${INDENT}${r.status.padEnd(STATUS_WIDTH)} ${r.check.padEnd(CHECK_WIDTH)} ${r.detail}`];
  if (r.fix !== null && r.status !== 'ok') lines.push(`${FIX_INDENT}fix: ${r.fix}`);
  return lines;
}

export function summaryLine(results: CheckResult[]): string {
  const count = (status: CheckResult['status']) => results.filter((r) => r.status === status).length;
  return `${count('ok')} ok, ${count('warn')} warn, ${count('FAIL')} FAIL`;
}

export function jsonReport(results: CheckResult[]): string {
  return JSON.stringify(
    results.map(({ model, check, status, detail, fix }) => ({ model, check, status, detail, fix })),
    null,
    2,
  );
}

/** 0 when nothing failed: warnings do not fail the doctor. */
export function exitCodeOf(results: CheckResult[]): number {
  return results.some((r) => r.status === 'FAIL') ? 1 : 0;
}
