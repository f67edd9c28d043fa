// Table 8: the embedded model (node-llama-cpp in the server process) on the tiny random GGUF of the
// tests: the server's memory before and after the model loads and after it unloads, the first
// completion (import of node-llama-cpp, getLlama, loadModel) and warm ones, each run a fresh server.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeTinyGguf } from '../test/fake-model/tinyGguf';
import { LspClient, SERVER_MAIN } from './lspClient';
import { median } from './stats';
import { ms, printTable } from './table';

const URI = 'file:///bench/notes.txt';
const TEXT = 'notes: \n';
const AT = { line: 0, character: 7 };
const MAX_TOKENS = 16;
const IDLE_UNLOAD_MS = 1000;
/** From the last answer to the reading: the idle timer, then time for the context and model to be disposed. */
const UNLOAD_WAIT_MS = 1500;

const settle = (msDelay: number) => new Promise((resolve) => setTimeout(resolve, msDelay));

/** The process's resident memory in MB (Linux /proc), as BenchSession.memory() reads it. */
function rssMb(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]) / 1024;
  } catch {
    return NaN;
  }
}

interface RunResult {
  rssOpenMb: number;
  rssLoadedMb: number;
  rssUnloadedMb: number;
  firstMs: number;
  warmMs: number[];
}

/** One fresh server: initialize, open, the first completion, `warm` more, then idle until the model unloads. */
async function oneRun(file: string, warm: number): Promise<RunResult> {
  const client = new LspClient();
  try {
    await client.request('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: {},
      initializationOptions: {
        infill: {
          model: { provider: 'embedded', path: file, embedded: { threads: 1, idleUnloadMs: IDLE_UNLOAD_MS } },
          completion: { debounceMs: 0, maxTokens: MAX_TOKENS },
          // The start-up check would load the model 1.5 s after start, in the middle of what is measured.
          startup: { checkModels: false },
          log: { level: process.env.INFILL_BENCH_LOG_LEVEL ?? 'info' },
        },
      },
      clientInfo: { name: 'infill-bench', version: '1' },
    });
    client.notify('initialized', {});
    let version = 1;
    client.notify('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'plaintext', version, text: TEXT } });

    const complete = async (): Promise<number> => {
      const { sentAt, response } = client.send('textDocument/completion', { textDocument: { uri: URI }, position: AT, context: { triggerKind: 1 } });
      const { message, at } = await response;
      if (message.error) throw new Error(`completion failed: ${message.error.message}`);
      const items = (message.result?.items ?? message.result ?? []) as unknown[];
      if (!Array.isArray(items) || items.length === 0) throw new Error(`the embedded model's completion was empty${client.problems.length ? ` (server log: ${client.problems.join('; ')})` : ''}`);
      return at - sentAt;
    };

    await settle(300); // let start-up allocations (and the didOpen) finish, as table 3 does
    const rssOpenMb = rssMb(client.pid);

    const firstMs = await complete();
    const rssLoadedMb = rssMb(client.pid);

    // Warm: the same position, the text after it changed each time, so that neither the
    // suggestion cache nor the last-request cache answers instead of the model.
    const warmMs: number[] = [];
    for (let i = 0; i < warm; i++) {
      version++;
      client.notify('textDocument/didChange', { textDocument: { uri: URI, version }, contentChanges: [{ text: `${TEXT}item ${i + 1}\n` }] });
      warmMs.push(await complete());
    }

    await settle(UNLOAD_WAIT_MS);
    const rssUnloadedMb = rssMb(client.pid);
    return { rssOpenMb, rssLoadedMb, rssUnloadedMb, firstMs, warmMs };
  } finally {
    await client.stop().catch(() => undefined);
    for (const p of new Set(client.problems)) console.error(`server log: ${p}`);
  }
}

/** The model's load time as `infill-ls doctor` reports it ("... loads (… in N ms, ..."), or NaN. */
function doctorLoadMs(file: string, settingsFile: string): Promise<number> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [SERVER_MAIN, 'doctor', '--provider', 'embedded', '--path', file, '--settings', settingsFile, '--json'],
      { env: { ...process.env, OLLAMA_HOST: '' }, timeout: 30_000 },
      (_error, stdout) => {
        try {
          const results = JSON.parse(stdout) as Array<{ check: string; status: string; detail: string }>;
          const check = results.find((r) => r.check === 'file' && r.status === 'ok');
          resolve(Number(/ in (\d+) ms/.exec(check?.detail ?? '')?.[1]));
        } catch {
          resolve(NaN);
        }
      },
    );
  });
}

export async function embeddedModel(runs: number, warm: number): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'infill-bench-gguf-'));
  try {
    const file = path.join(dir, 'tiny.gguf');
    writeTinyGguf(file, { endOfGeneration: 'never' });
    const settingsFile = path.join(dir, 'settings.json');
    fs.writeFileSync(settingsFile, JSON.stringify({ model: { embedded: { threads: 1 } } }));

    const results: RunResult[] = [];
    const doctorMs: number[] = [];
    for (let run = 0; run < runs; run++) {
      results.push(await oneRun(file, warm));
      doctorMs.push(await doctorLoadMs(file, settingsFile));
    }
    const doctorOk = doctorMs.filter(Number.isFinite);
    const sizeKb = fs.statSync(file).size / 1024;
    /** Median, min and max of one measure over the runs. */
    const row = (label: string, values: number[], format: (v: number) => string): string[] =>
      values.length === 0 ? [label, 'n/a', 'n/a', 'n/a'] : [label, format(median(values)), format(Math.min(...values)), format(Math.max(...values))];
    const mb = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : 'n/a');
    const of = (pick: (r: RunResult) => number) => results.map(pick);
    printTable(
      `8. The embedded model (node-llama-cpp, the tiny random GGUF of the tests)`,
      `${runs} runs, each a fresh server (provider "embedded", 1 thread, maxTokens ${MAX_TOKENS}, idleUnloadMs ${IDLE_UNLOAD_MS}, start-up check off), medians; a ${sizeKb.toFixed(0)} KB random-weight GGUF that never ends early; a plaintext document, completion at 0:7. RSS: VmRSS from /proc/<pid>/status. first: request to answer, with the import of node-llama-cpp, getLlama and loadModel; warm: median of the next ${warm} (the text after the cursor changed each time so no cache answers); unloaded: ${UNLOAD_WAIT_MS} ms after the last answer; doctor: "infill-ls doctor" load time (loadModel + createContext, in its own process)`,
      ['', 'median', 'min', 'max'],
      [
        row('RSS after initialize + didOpen (MB)', of((r) => r.rssOpenMb), mb),
        row('RSS after the first completion (MB)', of((r) => r.rssLoadedMb), mb),
        row('RSS after the model unloaded (MB)', of((r) => r.rssUnloadedMb), mb),
        row('first completion (ms)', of((r) => r.firstMs), ms),
        row(`warm completion, median of ${warm} (ms)`, of((r) => median(r.warmMs)), ms),
        row('model load, as the doctor reports it (ms)', doctorOk, ms),
      ],
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
