import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { completeTable, runEvalComplete, type CompleteReport } from '../../server/eval/complete';
import { drawCompleteCases, type CompleteCase } from '../../server/eval/completeCases';
import { projectFiles } from '../../server/eval/projectFiles';
import { FakeModelServer, type RecordedRequest } from '../fake-model';
import { SERVER_MAIN } from './lspClient';

/**
 * `infill-ls eval complete` end to end: the built server, started by the evaluation, asks
 * the fake model, which answers each case's middle or something wrong, and the report
 * scores exactly what came back.
 */
const ROOT = path.resolve(__dirname, '../fixtures/eval-complete');
const FILES = projectFiles(ROOT, [], { tests: true });
const SEED = 11;
const CASES = 9;

const fakes: FakeModelServer[] = [];
afterEach(async () => {
  for (const fake of fakes.splice(0)) await fake.close();
});

/** The case a model request is for: the one whose text before and after the cursor the prompt and suffix end and start with. */
function caseFor(cases: CompleteCase[], req: RecordedRequest): CompleteCase {
  const prompt: string = req.body.prompt;
  const suffix: string = req.body.suffix ?? '';
  const found = cases.filter((c) => c.text.slice(0, c.offset).endsWith(prompt.slice(-300)) && c.text.slice(c.offset).startsWith(suffix.slice(0, 300)));
  if (found.length !== 1) throw new Error(`${found.length} cases fit the request ${JSON.stringify(prompt.slice(-80))} | ${JSON.stringify(suffix.slice(0, 80))}`);
  return found[0];
}

async function evaluate(settingsSection: Record<string, unknown>): Promise<{ report: CompleteReport; out: string; progress: string }> {
  let out = '';
  let progress = '';
  const report = await runEvalComplete(
    { root: ROOT, files: FILES, cases: CASES, seed: SEED, settingsSection, serverMain: SERVER_MAIN },
    { out: (t) => void (out += t), progress: { isTTY: false, write: (t) => void (progress += t) } },
  );
  return { report, out, progress };
}

function expectLatencies(report: CompleteReport): void {
  for (const score of [report.total, ...Object.values(report.kinds)]) {
    expect(score.latencyMs.p50).toBeGreaterThanOrEqual(0);
    expect(score.latencyMs.p90).toBeGreaterThanOrEqual(score.latencyMs.p50);
  }
}

describe('infill-ls eval complete', () => {
  it('scores what the server inserts: exact where the model wrote the middle, per kind and in total', async () => {
    const cases = await drawCompleteCases(ROOT, FILES, CASES, SEED);
    // Every line right, the first and the last block (Python, TypeScript) right, no span right.
    const blocks = cases.filter((c) => c.kind === 'block');
    const right = new Set<CompleteCase>([...cases.filter((c) => c.kind === 'line'), blocks[0], blocks[2]]);
    expect(blocks.map((c) => c.file)).toEqual(['tests/test_stock.py', 'inventory/report.py', 'web/src/cart.ts']);
    const fake = await FakeModelServer.start({
      behavior: {
        text: (req) => {
          const c = caseFor(cases, req);
          return right.has(c) ? c.expected : c.kind === 'block' ? 'print("something else")' : 'other_thing';
        },
      },
    });
    fakes.push(fake);

    const { report, out, progress } = await evaluate({ model: { endpoint: fake.url }, completion: { debounceMs: 0 } });

    expect(fake.generationRequests()).toHaveLength(CASES); // one completion per case, one server for all
    expect(report.cases).toBe(CASES);
    expect(report.seed).toBe(SEED);
    expect(report.messages).toEqual([]);
    expect(report.kinds.line).toMatchObject({ cases: 3, exactMatch: 1, editSimilarity: 1 });
    expect(report.kinds.block).toMatchObject({ cases: 3, exactMatch: 2 / 3 });
    expect(report.kinds.span).toMatchObject({ cases: 3, exactMatch: 0 });
    expect(report.total).toMatchObject({ cases: 9, exactMatch: 5 / 9 });
    expect(report.kinds.block!.editSimilarity).toBeGreaterThan(2 / 3);
    expect(report.kinds.block!.editSimilarity).toBeLessThan(1);
    expect(report.kinds.span!.editSimilarity).toBeLessThan(1);
    expectLatencies(report);

    expect(out).toBe(`9 cases (line 3, block 3, span 3) from ${FILES.length} files, seed 11\n`);
    expect(progress.split('\n').slice(0, -1)).toEqual(cases.map((c, i) => `complete ${i + 1}/9 ${c.kind} ${c.file}${right.has(c) ? '' : ' (miss)'}`));
    const table = completeTable(report).split('\n');
    expect(table[0]).toMatch(/^kind\s+cases\s+exact match\s+edit similarity\s+p50 ms\s+p90 ms$/);
    expect(table.slice(2, 6).map((l) => l.split(/\s+/).slice(0, 4).join(' '))).toEqual([
      'line 3 100.0% 1.000',
      `block 3 66.7% ${report.kinds.block!.editSimilarity.toFixed(3)}`,
      `span 3 0.0% ${report.kinds.span!.editSimilarity.toFixed(3)}`,
      `total 9 55.6% ${report.total.editSimilarity.toFixed(3)}`,
    ]);
  });

  it('reports what the server showed when the model cannot be reached, and scores the cases as empty answers', async () => {
    const fake = await FakeModelServer.start();
    const endpoint = fake.url;
    await fake.close(); // nothing listens there now

    const { report } = await evaluate({ model: { endpoint }, completion: { debounceMs: 0 } });

    expect(report.cases).toBe(CASES);
    expect(report.total).toMatchObject({ cases: 9, exactMatch: 0, editSimilarity: 0 });
    expect(report.messages).toHaveLength(1);
    expect(report.messages[0]).toMatch(/^infill-ls: No model to use: Ollama does not answer at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
    expectLatencies(report);
  });
});
