// `infill-ls model pull|list` as users run it: the built command in a child process, its cache
// folder in a temp folder, and Hugging Face (HF_ENDPOINT) played by a server in this process
// (so the child must be spawned asynchronously).
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sizeText } from '../../server/models/modelCatalog';
import { tinyGguf } from '../fake-model/tinyGguf';
import { SERVER_MAIN } from './lspClient';

const MODEL = tinyGguf({ seed: 3 });
const MODEL_SHA256 = createHash('sha256').update(MODEL).digest('hex');
const KNOWN_PATH = '/ikw/Qwen2.5-Coder-1.5B-GGUF/resolve/main/qwen2.5-coder-1.5b-q8_0.gguf';
const KNOWN_SHA256 = '116f205cba3d96dfd6b6c1e37bef6149a6722c62687621200be218314eb2851b';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

const servers: http.Server[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

beforeAll(() => {
  if (!fs.existsSync(path.join(path.dirname(SERVER_MAIN), 'modelFiles', 'run.js'))) {
    throw new Error('dist/server/modelFiles is missing: build first (npm run build, or npm test)');
  }
});

/**
 * Hugging Face as the download sees it: /resolve/ redirects to a CDN path, which serves MODEL
 * with Range support; `stallAfter` sends that many bytes and then nothing more.
 */
async function huggingFace(options: { stallAfter?: number } = {}): Promise<string> {
  const server = http.createServer((req, res) => {
    const url = req.url ?? '';
    if (url.includes('/resolve/')) {
      res.writeHead(302, { location: `/cdn/${path.basename(url)}` }).end();
      return;
    }
    const start = Number(/^bytes=(\d+)-$/.exec(req.headers.range ?? '')?.[1] ?? 0);
    const headers = { 'content-length': String(MODEL.length - start), ...(start > 0 ? { 'content-range': `bytes ${start}-${MODEL.length - 1}/${MODEL.length}` } : {}) };
    res.writeHead(start > 0 ? 206 : 200, headers);
    if (options.stallAfter === undefined) res.end(MODEL.subarray(start));
    else res.write(MODEL.subarray(start, start + options.stallAfter));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function tempCache(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'infill-models-'));
}

/** The command running; `stderrShows` resolves once its stderr so far matches. */
function start(args: string[], cache: string, endpoint = 'http://127.0.0.1:9'): { child: ChildProcess; done: Promise<Run>; stderrShows(pattern: RegExp): Promise<void> } {
  const env: NodeJS.ProcessEnv = { ...process.env, XDG_CACHE_HOME: cache, HF_ENDPOINT: endpoint };
  const child = spawn(process.execPath, [SERVER_MAIN, 'model', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<Run>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  const stderrShows = (pattern: RegExp): Promise<void> =>
    new Promise((resolve) => {
      const check = (): void => {
        if (!pattern.test(stderr)) return;
        child.stderr!.off('data', check);
        resolve();
      };
      child.stderr!.on('data', check);
      check();
    });
  return { child, done, stderrShows };
}

function model(args: string[], cache: string, endpoint?: string): Promise<Run> {
  return start(args, cache, endpoint).done;
}

/** stderr's progress lines (plain lines: stderr is a pipe) and whatever follows them. */
function progressAndRest(stderr: string, label: string): { progress: string[]; rest: string[] } {
  const lines = stderr.split('\n').slice(0, -1);
  const progress = lines.filter((l) => l.startsWith(`${label} `));
  return { progress, rest: lines.slice(progress.length) };
}

describe('infill-ls model pull --url', () => {
  it('downloads any GGUF into the models folder, says where and how to use it, and shows progress on stderr', async () => {
    const hf = await huggingFace();
    const cache = tempCache();
    const url = `${hf}/files/tiny-model.gguf`;
    const destination = path.join(cache, 'infill-ls', 'models', 'tiny-model.gguf');

    const run = await model(['pull', '--url', url, '--sha256', MODEL_SHA256], cache);

    expect(run.stdout).toBe(
      [
        'Downloading tiny-model.gguf',
        `  from ${url}`,
        `  to   ${destination}`,
        `Done: ${sizeText(MODEL.length)}, sha256 checked.`,
        `Use it with "model.provider": "embedded" and "model.path": ${JSON.stringify(destination)}.`,
        '',
      ].join('\n'),
    );
    const { progress, rest } = progressAndRest(run.stderr, 'tiny-model.gguf');
    expect(rest).toEqual([]);
    expect(progress.at(-1)).toBe(`tiny-model.gguf 100% ${sizeText(MODEL.length)} of ${sizeText(MODEL.length)}`);
    for (const line of progress) expect(line).toMatch(new RegExp(`^tiny-model\\.gguf \\d+% \\d+ kB of ${sizeText(MODEL.length)}$`));
    expect(run.code).toBe(0);
    expect(fs.readFileSync(destination).equals(MODEL)).toBe(true);
    expect(fs.readdirSync(path.dirname(destination))).toEqual(['tiny-model.gguf']);

    // Pulled again: not downloaded again, unless asked to check.
    const again = await model(['pull', '--url', url, '--sha256', MODEL_SHA256], cache);
    expect([again.code, again.stdout, again.stderr]).toEqual([0, `tiny-model.gguf is already there: ${destination} (${sizeText(MODEL.length)}); --verify checks its sha256.\n`, '']);
    const verified = await model(['pull', '--url', url, '--sha256', MODEL_SHA256, '--verify'], cache);
    expect([verified.code, verified.stdout, verified.stderr]).toEqual([0, `Checking the sha256 of ${destination} (${sizeText(MODEL.length)})\nThe sha256 matches.\n`, '']);
  });

  it('names the file with --file, and --verify reports a file that is not the expected one', async () => {
    const hf = await huggingFace();
    const cache = tempCache();
    const destination = path.join(cache, 'infill-ls', 'models', 'mine.gguf');
    fs.mkdirSync(path.dirname(destination), { recursive: true });
    fs.writeFileSync(destination, 'not a model');
    const actual = createHash('sha256').update('not a model').digest('hex');

    const run = await model(['pull', '--url', `${hf}/files/x.gguf?download=true`, '--sha256', MODEL_SHA256, '--file', 'mine.gguf', '--verify'], cache);

    expect(run.stdout).toBe(`Checking the sha256 of ${destination} (1 kB)\n`);
    expect(run.stderr).toBe(
      `infill-ls model: ${destination} is not the expected file: its sha256 is ${actual}, expected ${MODEL_SHA256}.\n` +
        `  delete it, then: infill-ls model pull --url '${hf}/files/x.gguf?download=true' --sha256 ${MODEL_SHA256} --file mine.gguf\n`,
    );
    expect(run.code).toBe(1);
  });

  it('keeps the part on Ctrl-C and says how to resume; the next pull resumes it', async () => {
    const stalling = await huggingFace({ stallAfter: 200_000 });
    const cache = tempCache();
    const url = `${stalling}/files/tiny-model.gguf`;
    const part = path.join(cache, 'infill-ls', 'models', 'tiny-model.gguf.part');
    const pull = start(['pull', '--url', url, '--sha256', MODEL_SHA256], cache);
    // The first progress line comes once bytes were written to the part.
    await pull.stderrShows(/^tiny-model\.gguf \d+%/m);
    pull.child.kill('SIGINT');
    const run = await pull.done;

    expect(run.code).toBe(1);
    const kept = fs.statSync(part).size;
    expect(kept).toBeGreaterThan(0);
    expect(progressAndRest(run.stderr, 'tiny-model.gguf').rest).toEqual([
      `infill-ls model: interrupted; the ${sizeText(kept)} received are kept.`,
      `  to resume: infill-ls model pull --url ${url} --sha256 ${MODEL_SHA256} --file tiny-model.gguf`,
    ]);

    const hf = await huggingFace();
    const resumed = await model(['pull', '--url', `${hf}/files/tiny-model.gguf`, '--sha256', MODEL_SHA256], cache);
    expect(resumed.stdout.split('\n')).toContain(`  resuming the ${sizeText(kept)} an earlier pull left`);
    expect(resumed.code).toBe(0);
    expect(fs.readFileSync(path.join(path.dirname(part), 'tiny-model.gguf')).equals(MODEL)).toBe(true);
  });
});

describe('infill-ls model pull NAME', () => {
  it('downloads a known model through HF_ENDPOINT and rejects bytes that fail its checksum, leaving no file', async () => {
    const hf = await huggingFace();
    const cache = tempCache();
    const folder = path.join(cache, 'infill-ls', 'models');

    const run = await model(['pull', 'qwen2.5-coder:1.5b-base'], cache, hf);

    expect(run.stdout).toBe(
      ['Downloading qwen2.5-coder 1.5B (about 1.6 GB)', `  from ${hf}${KNOWN_PATH}`, `  to   ${path.join(folder, 'qwen2.5-coder-1.5b-q8_0.gguf')}`, ''].join('\n'),
    );
    const { progress, rest } = progressAndRest(run.stderr, 'qwen2.5-coder 1.5B');
    expect(progress.at(-1)).toBe(`qwen2.5-coder 1.5B 100% ${sizeText(MODEL.length)} of ${sizeText(MODEL.length)}`);
    expect(rest).toEqual([
      `infill-ls model: The file from ${hf}${KNOWN_PATH} is not the expected one: its sha256 is ${MODEL_SHA256}, expected ${KNOWN_SHA256}. The download was deleted.`,
      '  to try again: infill-ls model pull qwen2.5-coder:1.5b-base',
    ]);
    expect(run.code).toBe(1);
    expect(fs.readdirSync(folder)).toEqual([]);
  });

  it('pulls the default model without a name, and says when it cannot connect', async () => {
    const cache = tempCache();
    const run = await model(['pull'], cache, 'http://127.0.0.1:9');
    expect(run.stdout.split('\n')[0]).toBe('Downloading qwen2.5-coder 1.5B (about 1.6 GB)');
    expect(run.stderr).toBe(`infill-ls model: Cannot connect to http://127.0.0.1:9${KNOWN_PATH} (ECONNREFUSED).\n  to try again: infill-ls model pull qwen2.5-coder:1.5b-base\n`);
    expect(run.code).toBe(1);
  });

  it('skips a model that is already there', async () => {
    const cache = tempCache();
    const file = path.join(cache, 'infill-ls', 'models', 'qwen2.5-coder-3b-q8_0.gguf');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, Buffer.alloc(5000));
    const run = await model(['pull', 'qwen2.5-coder:3b-base'], cache);
    expect([run.code, run.stdout, run.stderr]).toEqual([0, `qwen2.5-coder 3B is already there: ${file} (5 kB); --verify checks its sha256.\n`, '']);
  });

  it('names the known models for an unknown name (exit 2)', async () => {
    const run = await model(['pull', 'codellama:7b-code'], tempCache());
    expect([run.code, run.stdout, run.stderr]).toEqual([
      2,
      '',
      'infill-ls model: unknown model codellama:7b-code; the known models are qwen2.5-coder:1.5b-base, qwen2.5-coder:0.5b-base, qwen2.5-coder:3b-base (any other GGUF file: infill-ls model pull --url URL --sha256 HEX)\n',
    ]);
  });

  it.each([
    [['pull', '--url', 'https://example.com/a.gguf'], '--url needs --sha256: the checksum is how a broken or wrong download is noticed'],
    [['pull', '--url', 'https://example.com/a.gguf', '--sha256', 'abc'], '--sha256 needs 64 hex digits (got abc)'],
    [['pull', '--url', 'https://example.com/download', '--sha256', 'a'.repeat(64)], 'the URL does not end in a .gguf file name; name the file with --file NAME.gguf'],
    [['pull', '--sha256', 'a'.repeat(64)], '--sha256 and --file go with --url'],
    [['pull', 'a', 'b'], 'one model at a time (got a, b)'],
    [['fetch'], 'unknown command fetch (pull or list)'],
    [['list', '--all'], 'unexpected argument --all'],
  ])('refuses %j (exit 2, with the usage)', async (args, error) => {
    const run = await model(args, tempCache());
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n').slice(0, 2)).toEqual([`infill-ls model: ${error}`, 'Usage: infill-ls model pull [NAME] [--verify]']);
  });
});

describe('infill-ls model list', () => {
  it('lists a folder not created yet', async () => {
    const cache = tempCache();
    const run = await model(['list'], cache);
    expect(run.stdout).toBe(
      [
        `models folder: ${path.join(cache, 'infill-ls', 'models')} (not created yet)`,
        'known models:',
        '  qwen2.5-coder:1.5b-base  qwen2.5-coder 1.5B  1.6 GB  not downloaded',
        '  qwen2.5-coder:0.5b-base  qwen2.5-coder 0.5B  530 MB  not downloaded',
        '  qwen2.5-coder:3b-base    qwen2.5-coder 3B    3.3 GB  not downloaded',
        '',
      ].join('\n'),
    );
    expect([run.code, run.stderr]).toEqual([0, '']);
  });

  it('lists the known models downloaded, partly downloaded or not, then the other GGUF files and parts', async () => {
    const hf = await huggingFace();
    const cache = tempCache();
    const folder = path.join(cache, 'infill-ls', 'models');
    expect((await model(['pull', '--url', `${hf}/files/tiny-model.gguf`, '--sha256', MODEL_SHA256], cache)).code).toBe(0);
    fs.writeFileSync(path.join(folder, 'qwen2.5-coder-3b-q8_0.gguf'), Buffer.alloc(5000));
    fs.writeFileSync(path.join(folder, 'qwen2.5-coder-0.5b-q8_0.gguf.part'), '');
    fs.truncateSync(path.join(folder, 'qwen2.5-coder-0.5b-q8_0.gguf.part'), 12_000_000);
    fs.writeFileSync(path.join(folder, 'other.gguf.part'), Buffer.alloc(40_000));
    fs.writeFileSync(path.join(folder, 'notes.txt'), 'not a model');

    const run = await model(['list'], cache);

    expect(run.stdout).toBe(
      [
        `models folder: ${folder}`,
        'known models:',
        '  qwen2.5-coder:1.5b-base  qwen2.5-coder 1.5B  1.6 GB  not downloaded',
        '  qwen2.5-coder:0.5b-base  qwen2.5-coder 0.5B  530 MB  partly downloaded (12 MB), `infill-ls model pull qwen2.5-coder:0.5b-base` resumes it',
        '  qwen2.5-coder:3b-base    qwen2.5-coder 3B    3.3 GB  downloaded (5 kB)',
        'other files:',
        '  other.gguf.part  partly downloaded (40 kB), `infill-ls model pull --url URL --sha256 HEX --file other.gguf` resumes it',
        `  tiny-model.gguf  ${sizeText(MODEL.length)}`,
        '',
      ].join('\n'),
    );
    expect([run.code, run.stderr]).toEqual([0, '']);
  });
});
