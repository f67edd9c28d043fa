// Table 4: one completion through the server versus the same model request sent directly, by
// language and file size, with a model that takes 100 ms before its first token.
import { performance } from 'node:perf_hooks';
import type { FakeModelServer } from '../test/fake-model';
import { MODEL_LATENCY_MS, slowModelAnswer } from './behaviors';
import { blockSlot, generateFile, spaceAbove, type Slot } from './corpus';
import { BenchSession } from './lspSession';
import { median } from './stats';
import { ms, printTable, type Cell } from './table';
import type { BenchLanguage } from './templates';

/** POSTs `body` to a model's `endpoint` and reads the answer (an NDJSON stream, a JSON object) to its end; returns the time taken. */
export async function direct(endpoint: string, body: string): Promise<number> {
  const start = performance.now();
  const res = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const text = await res.text();
  const elapsed = performance.now() - start;
  if (!res.ok || !text.trimEnd().endsWith('}')) throw new Error(`direct request failed: ${res.status} ${text.slice(0, 200)}`);
  return elapsed;
}

/** A generated file, opened, with a block position in it and a keystroke above it (corpus.ts, `spaceAbove`). */
function openAtBlock(fake: FakeModelServer, session: BenchSession, language: BenchLanguage, lines: number, seed: number): { uri: string; slot: Slot; keystroke: () => void } {
  const file = generateFile(language, lines, seed);
  const slot = blockSlot(file);
  fake.setBehavior(slowModelAnswer(language));
  session.open(file.uri, file.languageId, file.text);
  const keystroke = spaceAbove(file, slot, (line, character) => session.change(file.uri, line, character, character, ' '));
  return { uri: file.uri, slot, keystroke };
}

/** The fake model's own time for the last request it was sent (received to finished). */
function lastModelMs(fake: FakeModelServer): number {
  const model = fake.generationRequests().at(-1)!;
  return model.finishedAt! - model.receivedAt;
}

/**
 * Median round trips through the server and directly, at one block position of a file, a
 * one-space edit above it each time; `modelExtra`: how much longer the fake model itself
 * took for the server's request than for the same request sent directly (the server's work
 * while the answer streams takes CPU the fake's timers wait for, as a local model's would).
 */
async function measure(fake: FakeModelServer, session: BenchSession, language: BenchLanguage, lines: number, repeats: number): Promise<{ server: number; direct: number; overhead: number; modelExtra: number }> {
  const { uri, slot, keystroke } = openAtBlock(fake, session, language, lines, 7);
  const warmup = 2;
  const viaServer: number[] = [];
  const viaDirect: number[] = [];
  const modelExtra: number[] = [];
  let body: string | undefined;
  for (let i = 0; i < warmup + repeats; i++) {
    keystroke();
    // Alternate which goes first, so neither always runs right after the other.
    let directMs = i % 2 === 1 && body ? await direct(`${fake.url}/api/generate`, body) : undefined;
    let directModelMs = directMs === undefined ? undefined : lastModelMs(fake);
    const served = await session.complete(uri, slot);
    if (!served.model) throw new Error('the server answered without asking the model (cached?)');
    // The very body the server sent, so both paths ask the model for the same thing.
    body = served.model.rawBody;
    if (directMs === undefined) {
      directMs = await direct(`${fake.url}/api/generate`, body);
      directModelMs = lastModelMs(fake);
    }
    if (i >= warmup) {
      viaServer.push(served.roundTripMs);
      viaDirect.push(directMs);
      modelExtra.push(served.modelMs - directModelMs!);
    }
  }
  session.close(uri);
  // Each completion against the direct call made next to it: the pair shares the machine's load of that moment.
  return { server: median(viaServer), direct: median(viaDirect), overhead: median(viaServer.map((s, i) => s - viaDirect[i])), modelExtra: median(modelExtra) };
}

/**
 * Completions one right after another's answer, each after a one-space edit, in a document
 * opened just before the first (not parsed yet), then the same requests sent directly one
 * after another: no pause anywhere for work in the background (a model that takes seconds,
 * a user who types on). Medians over the completions after the first `warmup`.
 */
async function measureBackToBack(fake: FakeModelServer, session: BenchSession, language: BenchLanguage, lines: number, repeats: number): Promise<{ server: number; direct: number; overhead: number }> {
  const { uri, slot, keystroke } = openAtBlock(fake, session, language, lines, 11);
  const warmup = 2;
  const viaServer: number[] = [];
  const serverOwn: number[] = [];
  const bodies: string[] = [];
  for (let i = 0; i < warmup + repeats; i++) {
    keystroke();
    const served = await session.complete(uri, slot);
    if (!served.model) throw new Error('the server answered without asking the model (cached?)');
    if (i >= warmup) {
      viaServer.push(served.roundTripMs);
      serverOwn.push(served.serverMs);
      bodies.push(served.model.rawBody);
    }
  }
  session.close(uri);
  const viaDirect: number[] = [];
  const directOwn: number[] = [];
  for (const body of bodies) {
    const elapsed = await direct(`${fake.url}/api/generate`, body);
    viaDirect.push(elapsed);
    directOwn.push(elapsed - lastModelMs(fake));
  }
  // Each side less the fake model's own time: the two phases run seconds apart, and the
  // fake's timers drift with the machine's load more than either side's own work does.
  return { server: median(viaServer), direct: median(viaDirect), overhead: median(serverOwn) - median(directOwn) };
}

export async function serverVsDirect(fake: FakeModelServer, sizes: number[], languages: BenchLanguage[], repeats: number, backToBackLines: number): Promise<void> {
  const session = await BenchSession.start(fake);
  const rows: Cell[][] = [];
  for (const lines of sizes) {
    for (const language of languages) {
      const { server, direct: directMs, overhead, modelExtra } = await measure(fake, session, language, lines, repeats);
      rows.push([language, lines, ms(server), ms(directMs), ms(overhead), (server / directMs).toFixed(3), ms(modelExtra)]);
    }
  }
  const backToBack: Cell[][] = [];
  for (const language of languages) {
    const { server, direct: directMs, overhead } = await measureBackToBack(fake, session, language, backToBackLines, repeats);
    backToBack.push([language, backToBackLines, ms(server), ms(directMs), ms(overhead), ((directMs + overhead) / directMs).toFixed(3)]);
  }
  await session.stop();
  printTable(
    `4. Through the server vs directly to the model (${repeats} completions each)`,
    `model: ${MODEL_LATENCY_MS} ms to its first token; same block position, a one-space edit above it before each request (a keystroke not parsed yet); direct = fetch POST /api/generate with the body the server sent, NDJSON read to the end; overhead = median of (server - direct) over the pairs, each completion with the direct call made next to it; ratio = server median / direct median; model extra = median of (the fake's own time for the server's request - for the direct one): the part of the overhead that is the model slowed by the server's CPU while the answer streams`,
    ['language', 'lines', 'server med ms', 'direct med ms', 'overhead ms', 'ratio', 'model extra ms'],
    rows,
  );
  printTable(
    `4b. Back to back (${repeats} completions each)`,
    `the same model; a document opened just before its first completion (not parsed yet), each completion sent as soon as the previous one was answered, after a one-space edit above the cursor; then the same requests directly, one after another; overhead = median of (server round trip - the fake's own time) - median of (direct round trip - the fake's own time); ratio = (direct median + overhead) / direct median`,
    ['language', 'lines', 'server med ms', 'direct med ms', 'overhead ms', 'ratio'],
    backToBack,
  );
}
