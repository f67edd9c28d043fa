// httpFetch against a real HTTP server on 127.0.0.1: the answers, and fetch's failure shapes
// that the backends classify (no connection, a body cut off, an abort at each point).
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { httpFetch, type BodyReader } from '../../server/models/httpFetch';

let server: http.Server | undefined;
const closedSockets: number[] = [];

async function serve(handler: http.RequestListener): Promise<string> {
  const own = http.createServer(handler);
  server = own;
  // Only this test's server: the sockets of the last test's close after it ended.
  own.on('connection', (socket) =>
    socket.on('close', () => {
      if (server === own) closedSockets.push(Date.now());
    }),
  );
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  const open = server;
  if (open) {
    open.closeAllConnections();
    await new Promise((resolve) => open.close(resolve));
  }
  server = undefined;
  closedSockets.length = 0;
});

async function readAll(reader: BodyReader): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  for (;;) {
    const chunk = await reader.read();
    if (chunk.done) return chunks;
    chunks.push(Buffer.from(chunk.value));
  }
}

function until(check: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const poll = (): void => (check() ? resolve() : void setTimeout(poll, 5));
    poll();
  });
}

describe('httpFetch', () => {
  it('says when the request is on its way: after connecting, before any answer', async () => {
    const events: string[] = [];
    let answer!: () => void;
    const url = await serve((req, res) => {
      req.resume();
      req.on('end', () => {
        events.push('server read the request');
        answer = () => res.end('ok');
      });
    });
    const response = httpFetch(`${url}/x`, { method: 'POST', body: 'x'.repeat(100_000), onSent: () => events.push('sent') });
    expect(events).toEqual([]); // connecting: not yet
    await until(() => events.length === 2);
    expect(events.sort()).toEqual(['sent', 'server read the request']);
    answer();
    expect(await (await response).text()).toBe('ok');
    expect(events).toHaveLength(2); // once
  });

  it('says so too when the request could not be sent', async () => {
    let sent = 0;
    await expect(httpFetch('http://127.0.0.1:9/', { onSent: () => sent++ })).rejects.toThrow('fetch failed');
    expect(sent).toBe(1);
  });

  it('sends the method, headers and body, and reads status, headers, text and json', async () => {
    const seen: Array<{ method?: string; headers: http.IncomingHttpHeaders; body: string }> = [];
    const url = await serve((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ method: req.method, headers: req.headers, body });
        res.writeHead(201, 'Made', { 'content-type': 'application/json', 'x-Two': ['a', 'b'] });
        res.end('{"é":[1,2]}');
      });
    });
    const response = await httpFetch(`${url}/api/x?y=1`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: 'Bearer k' }, body: '{"a":"ü"}' });
    expect([response.ok, response.status, response.statusText]).toEqual([true, 201, 'Made']);
    expect(response.headers.get('Content-Type')).toBe('application/json');
    expect(response.headers.get('x-two')).toBe('a, b');
    expect(response.headers.get('x-none')).toBeNull();
    expect(await response.json()).toEqual({ é: [1, 2] });
    expect(seen).toHaveLength(1);
    expect(seen[0].method).toBe('POST');
    expect(seen[0].body).toBe('{"a":"ü"}');
    expect(seen[0].headers['content-length']).toBe(String(Buffer.byteLength('{"a":"ü"}')));
    expect(seen[0].headers.authorization).toBe('Bearer k');

    const get = await httpFetch(new URL(`${url}/other`));
    expect(get.status).toBe(201);
    expect(await get.text()).toBe('{"é":[1,2]}');
    expect(seen[1].method).toBe('GET');
    expect(seen[1].headers['content-length']).toBeUndefined();
  });

  it('is ok for 200 to 299 only', async () => {
    const url = await serve((req, res) => {
      res.writeHead(Number(req.url!.slice(1)));
      res.end();
    });
    const ok = async (status: number) => (await httpFetch(`${url}/${status}`)).ok;
    expect([await ok(200), await ok(204), await ok(299), await ok(300), await ok(404)]).toEqual([true, true, true, false, false]);
  });

  it('is not ok outside 2xx, and the body is still readable', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"error":"model not found"}');
    });
    const response = await httpFetch(url);
    expect([response.ok, response.status, response.statusText]).toEqual([false, 404, 'Not Found']);
    expect(await response.text()).toBe('{"error":"model not found"}');
  });

  it('hands out the chunks as the server writes them, and a multi-byte character split between chunks joins in text()', async () => {
    const bytes = Buffer.from('→ok');
    const url = await serve((_req, res) => {
      res.writeHead(200);
      res.write(bytes.subarray(0, 2));
      setTimeout(() => res.end(bytes.subarray(2)), 20);
    });
    expect(await (await httpFetch(url)).text()).toBe('→ok');
    const chunks = await readAll((await httpFetch(url)).body.getReader());
    expect(chunks).toEqual([bytes.subarray(0, 2), bytes.subarray(2)]);
  });

  it('rejects with fetch’s "fetch failed" and the socket error’s code when nothing listens', async () => {
    const url = await serve(() => undefined);
    await new Promise((resolve) => server!.close(resolve));
    server = undefined;
    const error = await httpFetch(url).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe('fetch failed');
    expect((error as { cause: { code: string } }).cause.code).toBe('ECONNREFUSED');
  });

  it('rejects a read with "terminated" after the chunks that came, when the server closes mid-body', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      res.write('{"a":1}\n');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const reader = (await httpFetch(url)).body.getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    expect(Buffer.from(first.value!).toString()).toBe('{"a":1}\n');
    const error = await reader.read().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe('terminated');
    // What the backends tell a dropped connection by (models/ollama.ts, openai.ts).
    expect((error as { cause: { code: string } }).cause.code).toBe('ECONNRESET');
  });

  it('an abort before the answer rejects with the signal’s reason and closes the connection', async () => {
    const url = await serve(() => undefined); // never answers
    const controller = new AbortController();
    const pending = httpFetch(url, { signal: controller.signal });
    await until(() => (server?.listenerCount('connection') ?? 0) > 0);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const reason = new Error('the user typed on');
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    await until(() => closedSockets.length === 1);
  });

  it('an abort during the body rejects the next read with the reason and closes the connection', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200);
      res.write('first');
    });
    const controller = new AbortController();
    const reader = (await httpFetch(url, { signal: controller.signal })).body.getReader();
    expect(Buffer.from(((await reader.read()) as { value: Uint8Array }).value).toString()).toBe('first');
    const pending = reader.read();
    controller.abort('stop');
    await expect(pending).rejects.toBe('stop');
    await until(() => closedSockets.length === 1);
  });

  it('an already aborted signal sends nothing', async () => {
    let requests = 0;
    const url = await serve((_req, res) => {
      requests++;
      res.end();
    });
    const controller = new AbortController();
    controller.abort('before');
    await expect(httpFetch(url, { signal: controller.signal })).rejects.toBe('before');
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(requests).toBe(0);
  });

  it('cancel() closes the connection of a body nobody reads', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200);
      res.write('never read');
    });
    const response = await httpFetch(url);
    await response.body.getReader().cancel();
    await until(() => closedSockets.length === 1);
  });

  it('reuses the connection for the next request once a body was read to its end', async () => {
    const url = await serve((_req, res) => res.end('x'));
    let connections = 0;
    server!.on('connection', () => connections++);
    for (let i = 0; i < 3; i++) expect(await (await httpFetch(url)).text()).toBe('x');
    expect(connections).toBe(1);
  });

  it('reuses the connection after a reader that stopped before the end (it had what it needed), once the server ended the body', async () => {
    const ends: Array<() => void> = [];
    const url = await serve((_req, res) => {
      res.writeHead(200);
      res.write('{"done":true}\n');
      ends.push(() => res.end());
    });
    let connections = 0;
    let closed = 0;
    server!.on('connection', (socket) => {
      connections++;
      socket.on('close', () => closed++);
    });
    for (let i = 0; i < 3; i++) {
      const response = await httpFetch(url);
      const first = await response.body.getReader().read();
      expect(Buffer.from(first.value!).toString()).toBe('{"done":true}\n');
      // The reader is left here, as ollama-js leaves it at the chunk that says done.
      ends[i]();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect([connections, closed]).toEqual([1, 0]);
  });

  it('sends once more on a new connection when a kept-alive one turns out closed, and only once', async () => {
    let requests = 0;
    const url = await serve((req, res) => {
      requests++;
      if (requests === 2) req.socket.destroy(); // the kept-alive connection, closed under the request
      else res.end(`answer ${requests}`);
    });
    let connections = 0;
    server!.on('connection', () => connections++);
    expect(await (await httpFetch(url)).text()).toBe('answer 1');
    expect(await (await httpFetch(url, { method: 'POST', body: '{}' })).text()).toBe('answer 3');
    expect([requests, connections]).toEqual([3, 2]);
  });
});
