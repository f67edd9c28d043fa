// Table 6: from spawning the server to its first non-empty completion, and from opening 200
// documents to the first completion on the last one; the model answers whole after 100 ms.
import { performance } from 'node:perf_hooks';
import type { FakeModelServer } from '../test/fake-model';
import { MODEL_LATENCY_MS, wholeAnswerAfterLatency } from './behaviors';
import { openDocumentsMix } from './corpus';
import { BenchSession } from './lspSession';
import { median } from './stats';
import { ms, printTable } from './table';
import type { BenchLanguage } from './templates';

export async function startupTimes(fake: FakeModelServer, languages: BenchLanguage[], runs: number, documents: number): Promise<void> {
  const spawnToFirst: number[] = [];
  const openToFirst: number[] = [];
  const openToFirstServer: number[] = [];
  const modelMs: number[][] = [[], []];
  const files = openDocumentsMix(languages, documents);
  for (let run = 0; run < runs; run++) {
    // A cold server: spawn, initialize, open one file, complete.
    const file = files[run % languages.length];
    fake.setBehavior(wholeAnswerAfterLatency(file.language));
    const spawned = performance.now();
    const cold = await BenchSession.start(fake);
    cold.open(file.uri, file.languageId, file.text);
    const first = await cold.complete(file.uri, file.slots[Math.floor(file.slots.length / 2)]);
    if (first.items === 0) throw new Error('the first completion was empty');
    spawnToFirst.push(first.answeredAt - spawned - first.modelMs);
    modelMs[0].push(first.modelMs);
    await cold.stop();

    // A warm server: 200 documents opened at once, then a completion in the last one.
    const session = await BenchSession.start(fake);
    const warm = files[0];
    session.open(warm.uri, warm.languageId, warm.text);
    await session.complete(warm.uri, warm.slots[0]);
    session.close(warm.uri);
    const last = files[files.length - 1];
    fake.setBehavior(wholeAnswerAfterLatency(last.language));
    const opened = performance.now();
    for (const f of files) session.open(f.uri, f.languageId, f.text);
    const answer = await session.complete(last.uri, last.slots[Math.floor(last.slots.length / 2)]);
    openToFirst.push(answer.answeredAt - opened);
    openToFirstServer.push(answer.answeredAt - opened - answer.modelMs);
    modelMs[1].push(answer.modelMs);
    await session.stop();
  }
  printTable(
    `6. Start-up (${runs} runs each, medians)`,
    `model: the whole answer at once, ${MODEL_LATENCY_MS} ms after the request. spawn: from spawning the server to its first non-empty completion (initialize, didOpen of a 1k-line file, one completion), minus the model's time; open: ${documents} documents (${documents - documents / 10} of ~1k lines, ${documents / 10} of ~10k) sent to a running server, to the answer of a completion in the last one, model included; model ms: the fake model's own time (its ${MODEL_LATENCY_MS} ms and the write), subtracted in the first and third rows, included in the second; the third row's target is the second's less the model's 100 ms`,
    ['', 'median ms', 'target ms', 'model ms'],
    [
      ['spawn -> first completion (minus model)', ms(median(spawnToFirst)), '< 250', ms(median(modelMs[0]))],
      [`open ${documents} -> first completion (with model)`, ms(median(openToFirst)), '< 250', ms(median(modelMs[1]))],
      [`open ${documents} -> first completion (minus model)`, ms(median(openToFirstServer)), `< ${250 - MODEL_LATENCY_MS}`, ms(median(modelMs[1]))],
    ],
  );
}
