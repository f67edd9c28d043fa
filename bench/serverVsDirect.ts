// Table 4: one completion through the server versus the same model request sent directly.
import { performance } from 'node:perf_hooks';
import type { FakeModelServer } from '../test/fake-model';
import { realisticAnswer } from './behaviors';
import { generateFile, type Slot } from './corpus';
import { BenchSession } from './lspSession';
import { median, p90 } from './stats';
import { ms, printTable } from './table';
import type { BenchLanguage } from './templates';

/** POSTs `body` to /api/generate and reads the NDJSON stream to its end; returns the time taken. */
async function direct(url: string, body: string): Promise<number> {
  const start = performance.now();
  const res = await fetch(`${url}/api/generate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const text = await res.text();
  const elapsed = performance.now() - start;
  if (!res.ok || !text.trimEnd().endsWith('}')) throw new Error(`direct request failed: ${res.status} ${text.slice(0, 200)}`);
  return elapsed;
}

export async function serverVsDirect(fake: FakeModelServer, language: BenchLanguage, lines: number, repeats: number): Promise<void> {
  const file = generateFile(language, lines, 7);
  const empties = file.slots.filter((s) => s.kind === 'empty');
  const slot: Slot = empties[empties.length >> 1];
  fake.setBehavior(realisticAnswer(language));
  const session = await BenchSession.start(fake);
  session.open(file.uri, file.languageId, file.text);

  // The line above the cursor gets one more trailing space each time: a new prefix, so
  // neither the server's cache nor its last answer applies, and the syntax stays valid.
  const above = slot.line - 1;
  let aboveLength = file.text.split('\n', slot.line)[above].length;
  const warmup = 3;
  const viaServer: number[] = [];
  const viaDirect: number[] = [];
  let body: string | undefined;
  for (let i = 0; i < warmup + repeats; i++) {
    session.change(file.uri, above, aboveLength, aboveLength, ' ');
    aboveLength++;
    // Alternate which goes first, so neither always runs right after the other.
    let directMs = i % 2 === 1 && body ? await direct(fake.url, body) : undefined;
    const served = await session.complete(file.uri, slot);
    if (!served.model) throw new Error('the server answered without asking the model (cached?)');
    // The very body the server sent, so both paths ask the model for the same thing.
    body = served.model.rawBody;
    directMs ??= await direct(fake.url, body);
    if (i >= warmup) {
      viaServer.push(served.roundTripMs);
      viaDirect.push(directMs);
    }
  }
  await session.stop();
  const serverMed = median(viaServer);
  const directMed = median(viaDirect);
  printTable(
    `4. Through the server vs directly to the model (${repeats} times each)`,
    `${language} file of ${file.lines} lines, same position (block completion), a one-space edit above it each time; direct = fetch POST /api/generate with the body the server sent, NDJSON read to the end`,
    ['path', 'median ms', 'p90 ms'],
    [
      ['server (LSP round trip)', ms(serverMed), ms(p90(viaServer))],
      ['direct (HTTP to the fake)', ms(directMed), ms(p90(viaDirect))],
      ['ratio server/direct (medians)', (serverMed / directMed).toFixed(2), ''],
    ],
  );
}
