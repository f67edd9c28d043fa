// Table 7: a burst of typing, each keystroke with a completion request that the client
// cancels at the next keystroke; then the last one is answered.
import { performance } from 'node:perf_hooks';
import type { FakeModelServer } from '../test/fake-model';
import { MODEL_LATENCY_MS, slowModelAnswer } from './behaviors';
import { generateFile } from './corpus';
import { BenchSession } from './lspSession';
import { max, median } from './stats';
import { ms, printTable, type Cell } from './table';
import type { BenchLanguage } from './templates';

const KEYS = 30;
const KEY_INTERVAL_MS = 30;
const sleep = (msDelay: number) => new Promise((resolve) => setTimeout(resolve, msDelay));

export async function typingStorm(fake: FakeModelServer, languages: BenchLanguage[], lines: number): Promise<void> {
  const rows: Cell[][] = [];
  for (const language of languages) {
    const file = generateFile(language, lines, 5);
    fake.setBehavior(slowModelAnswer(language));
    const session = await BenchSession.start(fake);
    session.open(file.uri, file.languageId, file.text);
    const slot = file.slots.filter((s) => s.kind === 'empty')[0];
    const before = fake.generationRequests().length;
    const lateness: number[] = [];
    let character = slot.character;
    let pending: ReturnType<BenchSession['startCompletion']> | undefined;
    for (let k = 0; k < KEYS; k++) {
      const due = performance.now();
      if (pending) session.client.notify('$/cancelRequest', { id: pending.id });
      session.change(file.uri, slot.line, character, character, 'x');
      character++;
      pending = session.startCompletion(file.uri, { ...slot, character });
      await sleep(KEY_INTERVAL_MS);
      lateness.push(performance.now() - due - KEY_INTERVAL_MS);
    }
    const lastSent = pending!.sentAt;
    const { at } = await pending!.response;
    const asked = fake.generationRequests().slice(before);
    await fake.waitFor(() => asked.every((r) => r.finishedAt !== undefined || r.clientClosedAt !== undefined), 5000);
    const open = asked.filter((r) => r.finishedAt === undefined && r.clientClosedAt === undefined).length;
    rows.push([language, lines, asked.length, open, ms(median(lateness)), ms(max(lateness)), ms(at - lastSent)]);
    await session.stop();
  }
  printTable(
    `7. Typing storm (${KEYS} keystrokes ${KEY_INTERVAL_MS} ms apart, each with a completion request cancelled at the next)`,
    `model: ${MODEL_LATENCY_MS} ms to its first token; model requests = requests that reached the fake; left open = streams neither finished nor closed at the end; key delay = how late the client's timer fired (the event loop of this process, a load measure); last answer = from the last request to its answer (debounce 0, model included)`,
    ['language', 'lines', 'model requests', 'left open', 'key delay med', 'key delay max', 'last answer ms'],
    rows,
  );
}
