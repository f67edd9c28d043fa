// Table 5: from $/cancelRequest to the model's stream being closed.
import { performance } from 'node:perf_hooks';
import type { FakeModelServer } from '../test/fake-model';
import { HOLD_OPEN } from './behaviors';
import { generateFile } from './corpus';
import { BenchSession } from './lspSession';
import { max, median } from './stats';
import { ms, printTable } from './table';
import type { BenchLanguage } from './templates';

const TARGET_MS = 50;

export async function cancellationLatency(fake: FakeModelServer, language: BenchLanguage, repeats: number): Promise<void> {
  const file = generateFile(language, 1000, 11);
  const mids = file.slots.filter((s) => s.kind === 'mid');
  fake.setBehavior(HOLD_OPEN);
  const session = await BenchSession.start(fake);
  session.open(file.uri, file.languageId, file.text);
  const latencies: number[] = [];
  let cancelledAnswers = 0;
  for (let i = 0; i < repeats; i++) {
    const before = fake.generationRequests().length;
    const request = session.startCompletion(file.uri, mids[i % mids.length]);
    // Cancel only once the model is streaming: the stream is what must be closed.
    await fake.waitFor(() => (fake.generationRequests()[before]?.tokensSent ?? 0) > 0, 5000);
    const stream = fake.generationRequests()[before];
    const cancelledAt = performance.now();
    session.client.notify('$/cancelRequest', { id: request.id });
    await fake.waitFor(() => stream.clientClosedAt !== undefined, 5000);
    latencies.push(stream.clientClosedAt! - cancelledAt);
    const { message } = await request.response;
    if (message.error?.code === -32800) cancelledAnswers++;
  }
  await session.stop();
  const worst = max(latencies);
  printTable(
    `5. Cancellation latency (${repeats} held streams)`,
    `$/cancelRequest sent to the fake seeing the client close the stream (clientClosedAt); target < ${TARGET_MS} ms; ${cancelledAnswers}/${repeats} answered RequestCancelled`,
    ['', 'median ms', 'max ms', `under ${TARGET_MS} ms`],
    [['cancel -> stream closed', ms(median(latencies)), ms(worst), worst < TARGET_MS ? 'yes' : 'NO']],
  );
}
