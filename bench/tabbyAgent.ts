// Table 9: tabby-agent (a TypeScript AI language server; issue 17 is judged against it) measured
// as tables 3, 4 and 6 measure infill-ls, against a fake Tabby server with the same model time.
// It runs where INFILL_BENCH_TABBY_AGENT names tabby-agent's dist/cli.js, installed outside
// this repository (`npm install --prefix /tmp/tabby tabby-agent@1.5.0`): its packages in our
// node_modules would change what the real-code tests draw, and the product does not need it.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { MODEL_LATENCY_MS } from './behaviors';
import { blockSlot, generateFile, openDocumentsMix, spaceAbove, type GeneratedFile, type Slot } from './corpus';
import { FakeTabby } from './fakeTabby';
import { LspClient, type ServerCommand } from './lspClient';
import { processMemory } from './lspSession';
import { direct } from './serverVsDirect';
import { median } from './stats';
import { ms, printTable, type Cell } from './table';
import type { BenchLanguage } from './templates';

const TABBY_AGENT = 'tabby-agent@1.5.0';

/** How to run this table. */
const HOW = `npm install --prefix /tmp/tabby ${TABBY_AGENT}, then INFILL_BENCH_TABBY_AGENT=/tmp/tabby/node_modules/tabby-agent/dist/cli.js npm run bench -- 9`;

/** tabby-agent over stdio with a home of its own: its config points it at the fake, with no debounce and no usage reports. */
function tabbyCommand(cli: string, home: string, endpoint: string): ServerCommand {
  const dir = path.join(home, '.tabby-client', 'agent');
  fs.mkdirSync(dir, { recursive: true });
  const config = [`[server]`, `endpoint = "${endpoint}"`, `token = "bench"`, ``, `[completion.debounce]`, `mode = "fixed"`, `interval = 0`, ``, `[anonymousUsageTracking]`, `disable = true`, ``];
  fs.writeFileSync(path.join(dir, 'config.toml'), config.join('\n'));
  return { args: [cli, '--lsp', '--stdio'], env: { ...process.env, HOME: home } };
}

class TabbySession {
  private versions = new Map<string, number>();

  private constructor(readonly client: LspClient) {}

  static async start(command: ServerCommand): Promise<TabbySession> {
    const client = new LspClient(command);
    await client.request('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: { textDocument: { completion: { completionItem: { snippetSupport: false } } }, workspace: { configuration: true } },
      clientInfo: { name: 'infill-bench', version: '1' },
    });
    client.notify('initialized', {});
    return new TabbySession(client);
  }

  open(file: GeneratedFile): void {
    this.versions.set(file.uri, 1);
    this.client.notify('textDocument/didOpen', { textDocument: { uri: file.uri, languageId: file.languageId, version: 1, text: file.text } });
  }

  close(file: GeneratedFile): void {
    this.versions.delete(file.uri);
    this.client.notify('textDocument/didClose', { textDocument: { uri: file.uri } });
  }

  /** One space at `character` of `line`, as an incremental change. */
  typeSpace(uri: string, line: number, character: number): void {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    const at = { line, character };
    this.client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range: { start: at, end: at }, text: ' ' }] });
  }

  async complete(uri: string, at: Slot): Promise<{ sentAt: number; answeredAt: number; items: number }> {
    const { sentAt, response } = this.client.send('textDocument/completion', { textDocument: { uri }, position: { line: at.line, character: at.character }, context: { triggerKind: 1 } });
    const { message, at: answeredAt } = await response;
    if (message.error) throw new Error(`tabby-agent completion failed: ${message.error.message}`);
    const result = message.result as { items?: unknown[] } | unknown[] | null;
    return { sentAt, answeredAt, items: (Array.isArray(result) ? result : (result?.items ?? [])).length };
  }

  rssMb(): number {
    return processMemory(this.client.pid)?.rssMb ?? NaN;
  }

  /** Killed: nothing measured depends on its shutdown. */
  stop(): void {
    this.client.process.kill();
  }
}

/** The fake's own time for the completion requests made since `before` (one per completion). */
function modelTime(fake: FakeTabby, before: number): number {
  const asked = fake.completions.slice(before);
  if (asked.length !== 1) throw new Error(`one tabby-agent completion made ${asked.length} model requests`);
  return asked[0].finishedAt! - asked[0].receivedAt;
}

export async function tabbyAgentSideBySide(languages: BenchLanguage[], sizes: number[], runs: number, documents: number, repeats: number): Promise<void> {
  const cli = process.env.INFILL_BENCH_TABBY_AGENT;
  if (!cli || !fs.existsSync(cli)) {
    console.log(`\n## 9. tabby-agent side by side\nskipped: ${cli ? `${cli} does not exist` : 'INFILL_BENCH_TABBY_AGENT is not set'} (${HOW})`);
    return;
  }
  const fake = await FakeTabby.start();
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'infill-bench-tabby-'));
  const command = tabbyCommand(cli, home, fake.url);
  try {
    const spawnToFirst: number[] = [];
    const openToFirst: number[] = [];
    const rss: number[] = [];
    const files = openDocumentsMix(languages, documents);
    for (let run = 0; run < runs; run++) {
      // As table 6: spawn, initialize, open one file, complete (again until an answer has items).
      const file = files[run % languages.length];
      const spawned = performance.now();
      const cold = await TabbySession.start(command);
      cold.open(file);
      for (let tries = 0; ; tries++) {
        const before = fake.completions.length;
        const first = await cold.complete(file.uri, file.slots[Math.floor(file.slots.length / 2)]);
        if (first.items > 0) {
          spawnToFirst.push(first.answeredAt - spawned - modelTime(fake, before));
          break;
        }
        if (tries === 20) throw new Error('tabby-agent gave no completion items');
      }
      cold.stop();

      // As tables 6 and 3: one completion first, then all documents at once and a completion in the last.
      const session = await TabbySession.start(command);
      session.open(files[0]);
      await session.complete(files[0].uri, files[0].slots[0]);
      session.close(files[0]);
      const last = files[files.length - 1];
      const before = fake.completions.length;
      const opened = performance.now();
      for (const f of files) session.open(f);
      const answer = await session.complete(last.uri, last.slots[Math.floor(last.slots.length / 2)]);
      openToFirst.push(answer.answeredAt - opened - modelTime(fake, before));
      await new Promise((resolve) => setTimeout(resolve, 300)); // as table 3
      rss.push(session.rssMb());
      session.stop();
    }
    printTable(
      `9. tabby-agent side by side (${TABBY_AGENT}, ${runs} runs each, medians)`,
      `tabby-agent against a fake Tabby server that answers whole after ${MODEL_LATENCY_MS} ms, debounce off; measured as the rows named measure infill-ls, each less the fake's own time: compare with those rows of this run`,
      ['', 'tabby-agent', 'infill-ls: see'],
      [
        ['spawn -> first completion (minus model) ms', ms(median(spawnToFirst)), 'table 6, row 1'],
        [`open ${documents} -> first completion (minus model) ms`, ms(median(openToFirst)), 'table 6, row 3'],
        [`VmRSS with ${documents} documents open MB`, median(rss).toFixed(1), 'table 3, row 2'],
      ],
    );

    // As table 4: one block position per file, a one-space edit above it before each completion, and the same request sent directly.
    const rows: Cell[][] = [];
    for (const lines of sizes) {
      for (const language of languages) {
        const session = await TabbySession.start(command);
        const file = generateFile(language, lines, 7);
        const slot = blockSlot(file);
        session.open(file);
        const keystroke = spaceAbove(file, slot, (line, character) => session.typeSpace(file.uri, line, character));
        const viaServer: number[] = [];
        const viaDirect: number[] = [];
        for (let i = 0; i < repeats + 2; i++) {
          keystroke();
          const before = fake.completions.length;
          const served = await session.complete(file.uri, slot);
          modelTime(fake, before);
          const directMs = await direct(`${fake.url}/v1/completions`, fake.completions[before].body);
          if (i >= 2) {
            viaServer.push(served.answeredAt - served.sentAt);
            viaDirect.push(directMs);
          }
        }
        session.stop();
        const server = median(viaServer);
        const directMedian = median(viaDirect);
        rows.push([language, lines, ms(server), ms(directMedian), ms(median(viaServer.map((s, i) => s - viaDirect[i]))), (server / directMedian).toFixed(3)]);
      }
    }
    printTable(
      `9b. tabby-agent through the server vs directly (${repeats} completions each)`,
      `as table 4: the same block position, a one-space edit above it before each request; direct = fetch POST /v1/completions with the body tabby-agent sent; overhead = median of (server - direct) over the pairs; ratio = server median / direct median`,
      ['language', 'lines', 'server med ms', 'direct med ms', 'overhead ms', 'ratio'],
      rows,
    );
  } finally {
    await fake.close();
    fs.rmSync(home, { recursive: true, force: true });
  }
}
