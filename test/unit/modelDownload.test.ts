// downloadModel against a real HTTP server on 127.0.0.1: Range requests, redirects, dropped
// connections, checksums, HTTP and socket errors, abort, and how often progress is reported.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { seededRandom } from '../../server/eval/seededRandom';
import { sizeText } from '../../server/models/modelCatalog';
import { DownloadError, downloadModel, fileSha256, type DownloadProgress } from '../../server/models/modelDownload';
import { closedPort } from '../fake-model';

/** 300 kB of seeded pseudo-random bytes: the same file on every run. */
const DATA = Buffer.from(Array.from({ length: 300_000 }, ((random) => () => Math.floor(random.next() * 256))(seededRandom(7))));
const SHA256 = createHash('sha256').update(DATA).digest('hex');

interface Recorded {
  path: string;
  range: string | undefined;
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, index: number) => void;

const servers: http.Server[] = [];

/** A server whose requests are recorded (path and Range header); `index` counts them from 0. */
async function serve(handler: Handler): Promise<{ url: string; requests: Recorded[] }> {
  const requests: Recorded[] = [];
  const server = http.createServer((req, res) => {
    requests.push({ path: req.url ?? '', range: req.headers.range });
    handler(req, res, requests.length - 1);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/**
 * Answers as a file server does: the whole file (200), or from the Range's start (206, or 416
 * past the end). After `cut` bytes the connection is closed (`close`: the bytes written reach
 * the client first), reset (`reset`: what the client had not read yet is lost), or `stall`s.
 */
function sendFile(req: http.IncomingMessage, res: http.ServerResponse, options: { ignoreRange?: boolean; cut?: number; then?: 'close' | 'reset' | 'stall' } = {}): void {
  const start = options.ignoreRange ? 0 : Number(/^bytes=(\d+)-$/.exec(req.headers.range ?? '')?.[1] ?? 0);
  if (start >= DATA.length) {
    res.writeHead(416, { 'content-range': `bytes */${DATA.length}` }).end();
    return;
  }
  const headers = { 'content-length': String(DATA.length - start), ...(start > 0 ? { 'content-range': `bytes ${start}-${DATA.length - 1}/${DATA.length}` } : {}) };
  res.writeHead(start > 0 ? 206 : 200, headers);
  const { cut, then } = options;
  if (cut === undefined) {
    res.end(DATA.subarray(start));
    return;
  }
  res.write(DATA.subarray(start, start + cut), () => {
    if (then === 'close') res.socket?.end();
    else if (then === 'reset') res.socket?.resetAndDestroy();
  });
}

function tempDestination(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'infill-download-')), 'models', 'model.gguf');
}

function rangeStart(request: Recorded): number {
  return Number(/^bytes=(\d+)-$/.exec(request.range ?? '')?.[1]);
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection');
}

describe('downloadModel', () => {
  it('downloads into a new folder, reports progress at most every ~100 ms and at the end, and renames the part into place', async () => {
    // Ten chunks 40 ms apart: without the throttle there would be a report per chunk.
    const { url } = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': String(DATA.length) });
      let sent = 0;
      const next = (): void => {
        res.write(DATA.subarray(sent, sent + 30_000));
        sent += 30_000;
        if (sent >= DATA.length) res.end();
        else setTimeout(next, 40);
      };
      next();
    });
    const destination = tempDestination();
    const reports: Array<DownloadProgress & { at: number }> = [];
    const result = await downloadModel(`${url}/model.gguf`, destination, SHA256, { onProgress: (p) => reports.push({ ...p, at: Date.now() }) });

    expect(result).toEqual({ bytes: DATA.length, resumed: false });
    expect(fs.readFileSync(destination).equals(DATA)).toBe(true);
    expect(fs.existsSync(`${destination}.part`)).toBe(false);
    const last = reports.pop()!;
    expect([last.received, last.total]).toEqual([DATA.length, DATA.length]);
    expect(reports.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < reports.length; i++) {
      expect(reports[i].at - reports[i - 1].at).toBeGreaterThanOrEqual(100);
      expect(reports[i].received).toBeGreaterThan(reports[i - 1].received);
    }
    expect(reports.every((r) => r.total === DATA.length && r.received <= DATA.length)).toBe(true);
  });

  it('follows redirects, relative and to another host, asking each hop for the same range', async () => {
    const cdn = await serve((req, res) => {
      if (req.url === '/signed/model.gguf') res.writeHead(302, { location: '../final/model.gguf' }).end();
      else sendFile(req, res);
    });
    const hub = await serve((_req, res) => res.writeHead(302, { location: `${cdn.url}/signed/model.gguf` }).end());
    const destination = tempDestination();
    fs.mkdirSync(path.dirname(destination), { recursive: true });
    fs.writeFileSync(`${destination}.part`, DATA.subarray(0, 100_000));

    const result = await downloadModel(`${hub.url}/resolve/main/model.gguf`, destination, SHA256);

    expect(result).toEqual({ bytes: DATA.length, resumed: true });
    expect(hub.requests).toEqual([{ path: '/resolve/main/model.gguf', range: 'bytes=100000-' }]);
    expect(cdn.requests).toEqual([
      { path: '/signed/model.gguf', range: 'bytes=100000-' },
      { path: '/final/model.gguf', range: 'bytes=100000-' },
    ]);
    expect(fs.readFileSync(destination).equals(DATA)).toBe(true);
  });

  it('gives up on a redirect loop after 5 hops', async () => {
    const { url, requests } = await serve((_req, res) => res.writeHead(302, { location: '/loop' }).end());
    const error = await rejection(downloadModel(`${url}/loop`, tempDestination(), SHA256));
    expect([error.name, error.message]).toEqual(['DownloadError', `${url}/loop redirected more than 5 times.`]);
    expect(requests).toHaveLength(6);
  });

  // Node discards what it had read but not yet handed over when a body is cut off, so a resume
  // starts at or before the cut: at the bytes that reached the part.
  it.each(['close', 'reset'] as const)('resumes with a Range request from the bytes it wrote when the connection is cut (%s)', async (then) => {
    const { url, requests } = await serve((req, res, index) => sendFile(req, res, index === 0 ? { cut: 200_000, then } : {}));
    const destination = tempDestination();
    const reports: DownloadProgress[] = [];

    const result = await downloadModel(`${url}/model.gguf`, destination, SHA256, { onProgress: (p) => reports.push(p) });

    expect(result).toEqual({ bytes: DATA.length, resumed: false });
    expect(requests).toHaveLength(2);
    const resumedAt = rangeStart(requests[1]);
    expect(resumedAt).toBeGreaterThan(0);
    expect(resumedAt).toBeLessThanOrEqual(200_000);
    expect(fs.readFileSync(destination).equals(DATA)).toBe(true);
    expect(reports.at(-1)).toEqual({ received: DATA.length, total: DATA.length });
  });

  it('stops after `retries` drops, keeping what arrived in the part for the next call', async () => {
    const { url, requests } = await serve((req, res, index) => sendFile(req, res, index < 3 ? { cut: 50_000, then: 'close' } : {}));
    const destination = tempDestination();

    const error = await rejection(downloadModel(`${url}/model.gguf`, destination, SHA256, { retries: 2 }));

    const part = fs.readFileSync(`${destination}.part`);
    expect(error).toBeInstanceOf(DownloadError);
    expect(error.message).toBe(`The connection to ${url}/model.gguf dropped (ECONNRESET), 3 times; the ${sizeText(part.length)} received so far are kept.`);
    expect(requests).toHaveLength(3);
    expect(requests[0].range).toBeUndefined();
    expect(rangeStart(requests[2])).toBeGreaterThan(rangeStart(requests[1]));
    expect(part.length).toBeGreaterThan(rangeStart(requests[2]));
    expect(part.equals(DATA.subarray(0, part.length))).toBe(true);
    expect(fs.existsSync(destination)).toBe(false);

    // The next call resumes where this one stopped.
    const again = await downloadModel(`${url}/model.gguf`, destination, SHA256);
    expect(again).toEqual({ bytes: DATA.length, resumed: true });
    expect(requests.slice(3).map(rangeStart)).toEqual([part.length]);
    expect(fs.readFileSync(destination).equals(DATA)).toBe(true);
  });

  it("resumes an earlier call's part: a 206 appends, and progress counts the bytes that were there", async () => {
    const { url, requests } = await serve((req, res) => sendFile(req, res));
    const destination = tempDestination();
    fs.mkdirSync(path.dirname(destination), { recursive: true });
    fs.writeFileSync(`${destination}.part`, DATA.subarray(0, 120_000));
    const reports: DownloadProgress[] = [];

    const result = await downloadModel(`${url}/model.gguf`, destination, SHA256, { onProgress: (p) => reports.push(p) });

    expect(result).toEqual({ bytes: DATA.length, resumed: true });
    expect(requests).toEqual([{ path: '/model.gguf', range: 'bytes=120000-' }]);
    expect(reports.every((r) => r.received > 120_000 && r.total === DATA.length)).toBe(true);
    expect(fs.readFileSync(destination).equals(DATA)).toBe(true);
    expect(fs.existsSync(`${destination}.part`)).toBe(false);
  });

  it('starts over when the server ignores the Range (200), whatever the part held', async () => {
    const { url, requests } = await serve((req, res) => sendFile(req, res, { ignoreRange: true }));
    const destination = tempDestination();
    fs.mkdirSync(path.dirname(destination), { recursive: true });
    fs.writeFileSync(`${destination}.part`, Buffer.alloc(120_000, 0xff));

    const result = await downloadModel(`${url}/model.gguf`, destination, SHA256);

    expect(result).toEqual({ bytes: DATA.length, resumed: false });
    expect(requests.map((r) => r.range)).toEqual(['bytes=120000-']);
    expect(fs.readFileSync(destination).equals(DATA)).toBe(true);
  });

  it('takes a whole part on a 416 (nothing after it) once its checksum matches', async () => {
    const { url } = await serve((req, res) => sendFile(req, res));
    const destination = tempDestination();
    fs.mkdirSync(path.dirname(destination), { recursive: true });
    fs.writeFileSync(`${destination}.part`, DATA);

    expect(await downloadModel(`${url}/model.gguf`, destination, SHA256)).toEqual({ bytes: DATA.length, resumed: true });
    expect(fs.readFileSync(destination).equals(DATA)).toBe(true);
  });

  it('rejects a file whose sha256 differs, deleting the part and leaving no file', async () => {
    const { url } = await serve((req, res) => sendFile(req, res));
    const destination = tempDestination();
    const expected = 'ab'.repeat(32);

    const error = await rejection(downloadModel(`${url}/model.gguf`, destination, expected));

    expect(error).toBeInstanceOf(DownloadError);
    expect(error.message).toBe(`The file from ${url}/model.gguf is not the expected one: its sha256 is ${SHA256}, expected ${expected}. The download was deleted.`);
    expect(fs.readdirSync(path.dirname(destination))).toEqual([]);
  });

  it.each([
    [404, 'Not Found'],
    [401, 'Unauthorized'],
    [503, 'Service Unavailable'],
  ])('names the status and the URL of an HTTP %i, and leaves no part', async (status, text) => {
    const { url } = await serve((_req, res) => res.writeHead(status).end('nope'));
    const destination = tempDestination();
    const error = await rejection(downloadModel(`${url}/missing.gguf`, destination, SHA256));
    expect([error.name, error.message]).toEqual(['DownloadError', `${url}/missing.gguf answered HTTP ${status} ${text}.`]);
    expect(fs.readdirSync(path.dirname(destination))).toEqual([]);
  });

  it('names the socket error and the URL when nothing listens (not retried)', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/model.gguf`;
    const error = await rejection(downloadModel(url, tempDestination(), SHA256));
    expect([error.name, error.message]).toEqual(['DownloadError', `Cannot connect to ${url} (ECONNREFUSED).`]);
  });

  it('refuses what is not an http(s) URL', async () => {
    const error = await rejection(downloadModel('ftp://example.com/model.gguf', tempDestination(), SHA256));
    expect([error.name, error.message]).toEqual(['DownloadError', 'Cannot download ftp://example.com/model.gguf: not an http:// or https:// URL.']);
  });

  it("stops on abort with the signal's reason, keeping the part for the next call", async () => {
    const { url } = await serve((req, res, index) => sendFile(req, res, index === 0 ? { cut: 100_000, then: 'stall' } : {}));
    const destination = tempDestination();
    const controller = new AbortController();
    const reason = new Error('interrupted');

    const error = await rejection(downloadModel(`${url}/model.gguf`, destination, SHA256, { signal: controller.signal, onProgress: () => controller.abort(reason) }));

    expect(error).toBe(reason);
    const part = fs.readFileSync(`${destination}.part`);
    expect(part.length).toBeGreaterThan(0);
    expect(part.equals(DATA.subarray(0, part.length))).toBe(true);
    expect(fs.existsSync(destination)).toBe(false);
    expect(await downloadModel(`${url}/model.gguf`, destination, SHA256)).toEqual({ bytes: DATA.length, resumed: true });
  });

  it('rejects at once with the reason of a signal aborted before the start', async () => {
    const reason = new Error('already stopped');
    const error = await rejection(downloadModel('http://127.0.0.1:9/model.gguf', tempDestination(), SHA256, { signal: AbortSignal.abort(reason) }));
    expect(error).toBe(reason);
  });
});

describe('fileSha256', () => {
  it('hashes a file as it is on disk', async () => {
    const file = tempDestination();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, DATA);
    expect(await fileSha256(file)).toBe(SHA256);
  });
});
