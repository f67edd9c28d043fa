// Table 1: the server's own time per completion (round trip minus model time), by file size and language.
import { performance } from 'node:perf_hooks';
import type { FakeModelServer } from '../test/fake-model';
import { realisticAnswer } from './behaviors';
import { generateFile, spreadSlots } from './corpus';
import { BenchSession } from './lspSession';
import { median, p90 } from './stats';
import { ms, printTable, type Cell } from './table';
import type { BenchLanguage } from './templates';

export async function completionLatency(fake: FakeModelServer, sizes: number[], languages: BenchLanguage[], perFile: number): Promise<void> {
  const session = await BenchSession.start(fake);
  // Loads every grammar and warms the JIT, so the first measured file pays for neither.
  for (const language of languages) {
    const small = generateFile(language, 300, 99);
    fake.setBehavior(realisticAnswer(language));
    session.open(small.uri, small.languageId, small.text);
    for (const slot of spreadSlots(small, 6)) await session.complete(small.uri, slot);
    session.close(small.uri);
  }

  const rows: Cell[][] = [];
  let withoutModel = 0;
  for (const lines of sizes) {
    for (const language of languages) {
      const file = generateFile(language, lines);
      fake.setBehavior(realisticAnswer(language));
      const openedAt = performance.now();
      session.open(file.uri, file.languageId, file.text);
      // didOpen (transfer, full parse) is handled before this request: its round trip includes both.
      const first = await session.complete(file.uri, file.slots[0]);
      const openFirst = first.answeredAt - openedAt - first.modelMs;
      const server: number[] = [];
      const model: number[] = [];
      const roundTrip: number[] = [];
      let empty = 0;
      for (const slot of spreadSlots(file, perFile)) {
        const t = await session.complete(file.uri, slot);
        if (!t.model) withoutModel++;
        if (t.items === 0) empty++;
        server.push(t.serverMs);
        model.push(t.modelMs);
        roundTrip.push(t.roundTripMs);
      }
      session.close(file.uri);
      rows.push([
        language,
        file.lines,
        Math.round(file.text.length / 1024),
        ms(openFirst),
        server.length,
        ms(median(server)),
        ms(p90(server)),
        ms(median(model)),
        ms(median(roundTrip)),
        empty,
      ]);
    }
  }
  await session.stop();
  printTable(
    `1. Server time per completion (${perFile} fresh positions per file)`,
    'server = client round trip - model time (fake receivedAt..finishedAt); open+1st = didOpen sent to first answer, minus its model time (transfer + full parse + one completion); empty = answers with no items (the server dropped the canned text there)' +
      (withoutModel ? `; ${withoutModel} completions made no model request` : ''),
    ['language', 'lines', 'KiB', 'open+1st ms', 'n', 'server med', 'server p90', 'model med', 'round trip med', 'empty'],
    rows,
  );
}
