// Table 3: the server's memory with many open documents.
import type { FakeModelServer } from '../test/fake-model';
import { realisticAnswer } from './behaviors';
import { openDocumentsMix } from './corpus';
import { BenchSession, type Memory } from './lspSession';
import { printTable } from './table';
import type { BenchLanguage } from './templates';

const settle = (msDelay: number) => new Promise((resolve) => setTimeout(resolve, msDelay));

export async function memoryWithOpenDocuments(fake: FakeModelServer, languages: BenchLanguage[], count: number): Promise<void> {
  const files = openDocumentsMix(languages, count);
  const session = await BenchSession.start(fake);
  await settle(300); // let startup allocations finish
  const before = session.memory();
  for (const f of files) session.open(f.uri, f.languageId, f.text);
  // Messages are handled in order: this answer means every didOpen before it was handled.
  const last = files[files.length - 1];
  fake.setBehavior(realisticAnswer(last.language));
  await session.complete(last.uri, last.slots[Math.floor(last.slots.length / 2)]);
  await settle(300);
  const after = session.memory();
  await session.stop();

  const mb = (m: Memory | undefined, key: keyof Memory) => (m ? m[key].toFixed(1) : 'n/a');
  const big = files.filter((f) => f.lines >= 10_000).length;
  const totalMb = files.reduce((n, f) => n + f.text.length, 0) / 1024 / 1024;
  printTable(
    `3. Server memory with ${count} open documents`,
    `${count - big} files of ~1k lines and ${big} of ~10k (${languages.join(', ')}; ${totalMb.toFixed(1)} MiB of text), read from /proc/<pid>/status after a completion in the last one was answered`,
    ['when', 'VmRSS MB', 'VmHWM (peak) MB'],
    [
      ['after initialize', mb(before, 'rssMb'), mb(before, 'peakMb')],
      [`${count} documents open`, mb(after, 'rssMb'), mb(after, 'peakMb')],
    ],
  );
}
