// `npm run bench`: every table below is measured in this one run, on this machine.
import * as os from 'node:os';
import { performance } from 'node:perf_hooks';
import { FakeModelServer } from '../test/fake-model';
import { cancellationLatency } from './cancellation';
import { completionLatency } from './completionLatency';
import { embeddedModel } from './embeddedModel';
import { memoryWithOpenDocuments } from './memory';
import { reparseLatency } from './reparse';
import { serverVsDirect } from './serverVsDirect';
import { startupTimes } from './startup';
import { tabbyAgentSideBySide } from './tabbyAgent';
import { typingStorm } from './typingStorm';
import { LANGUAGES } from './templates';
import { MODEL_LATENCY_MS, TOKEN_DELAY_MS } from './behaviors';

const SIZES = [1_000, 10_000, 50_000];
const COMPLETIONS_PER_FILE = 20;
const KEYSTROKES = 200;
/** Per file: a language whose reparse is slow stops typing here rather than stretch the run. */
const KEYSTROKE_BUDGET_MS = 8_000;
const OPEN_DOCUMENTS = 200;
const DIRECT_REPEATS = 21;
const STARTUP_RUNS = 11;
const CANCELS = 20;
const EMBEDDED_RUNS = 5;
const EMBEDDED_WARM = 10;

async function main(): Promise<void> {
  const started = performance.now();
  const cpus = os.cpus();
  console.log('# infill-ls benchmark');
  console.log(`machine: ${os.type()} ${os.release()} ${os.arch()}, ${cpus.length} CPUs (${cpus[0]?.model.trim() ?? 'unknown'}), node ${process.version}`);
  console.log(`model: the fake Ollama server in this process (test/fake-model), ${TOKEN_DELAY_MS} ms per 4-character token (tables 4, 6, 7: and ${MODEL_LATENCY_MS} ms before the first); times in ms, medians of this run`);

  const fake = await FakeModelServer.start();
  try {
    const sections: Array<[string, () => Promise<void>]> = [
      ['1', () => completionLatency(fake, SIZES, LANGUAGES, COMPLETIONS_PER_FILE)],
      ['2', () => reparseLatency(SIZES, LANGUAGES, KEYSTROKES, KEYSTROKE_BUDGET_MS)],
      ['3', () => memoryWithOpenDocuments(fake, LANGUAGES, OPEN_DOCUMENTS)],
      ['4', () => serverVsDirect(fake, SIZES, LANGUAGES, DIRECT_REPEATS, 10_000)],
      ['5', () => cancellationLatency(fake, 'typescript', CANCELS)],
      ['6', () => startupTimes(fake, LANGUAGES, STARTUP_RUNS, OPEN_DOCUMENTS)],
      ['7', () => typingStorm(fake, LANGUAGES, 10_000)],
      ['8', () => embeddedModel(EMBEDDED_RUNS, EMBEDDED_WARM)],
      ['9', () => tabbyAgentSideBySide(LANGUAGES, SIZES, STARTUP_RUNS, OPEN_DOCUMENTS, DIRECT_REPEATS)],
    ];
    // `npm run bench -- 4 6` runs only those tables.
    const only = process.argv.slice(2);
    for (const [name, run] of sections) {
      if (only.length > 0 && !only.includes(name)) continue;
      const t = performance.now();
      await run();
      console.log(`(table ${name} took ${((performance.now() - t) / 1000).toFixed(1)} s)`);
    }
  } finally {
    await fake.close();
  }
  console.log(`\ntotal bench time: ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
