// The fake model server against real clients: Node's fetch with hand-written NDJSON/SSE readers,
// and the published `ollama` package. Exact texts throughout; synchronisation by events only.
import { describe, it, expect, vi } from 'vitest';
import { Ollama } from 'ollama';
import { FakeModelServer, closedPort, renderGoTemplate, type FakeModelOptions, type RecordedRequest } from './index';

const MODEL = 'qwen2.5-coder:1.5b-base';
const MULTIBYTE = 'é€😀 naïve ∑ 𝔘nicode — done';

async function withServer(options: FakeModelOptions, body: (server: FakeModelServer) => Promise<void>): Promise<void> {
  const server = await FakeModelServer.start(options);
  try {
    await body(server);
  } finally {
    await server.close();
  }
}

/** An ollama-js client whose requests all carry `signal` (the per-request abort the reference recommends). */
function ollamaFor(host: string, signal?: AbortSignal): Ollama {
  return new Ollama({
    host,
    fetch: (input, init = {}) =>
      fetch(input, { ...init, signal: signal && init.signal ? AbortSignal.any([init.signal, signal]) : (signal ?? init.signal) }),
  });
}

function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), headers });
}

async function jsonOf(res: Response | Promise<Response>): Promise<any> {
  return (await res).json();
}

/** Reads the whole body, keeping each read separately. */
async function readChunks(res: Response): Promise<Uint8Array[]> {
  const reader = res.body!.getReader();
  const reads: Uint8Array[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return reads;
    reads.push(value);
  }
}

function utf8(reads: Uint8Array[]): string {
  return Buffer.concat(reads).toString('utf8');
}

function ndjson(text: string): any[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line));
}

/** An SSE parser that follows the spec: CRLF or LF, comments ignored, events dispatched at blank lines. */
function sse(text: string): { data: string[]; comments: number } {
  const data: string[] = [];
  let comments = 0;
  let event: string[] = [];
  for (const line of text.split(/\r\n|\n|\r/)) {
    if (line === '') {
      if (event.length > 0) data.push(event.join('\n'));
      event = [];
    } else if (line.startsWith(':')) {
      comments++;
    } else if (line.startsWith('data:')) {
      event.push(line.slice(5).replace(/^ /, ''));
    }
  }
  return { data, comments };
}

async function collect<T extends { response?: string }>(stream: AsyncIterable<T>): Promise<{ text: string; parts: T[] }> {
  const parts: T[] = [];
  for await (const part of stream) parts.push(part);
  return { text: parts.map((p) => p.response ?? '').join(''), parts };
}

async function rejectionOf(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

const lastGeneration = (server: FakeModelServer): RecordedRequest => server.generationRequests().at(-1)!;

describe('Ollama native API through the ollama package', () => {
  it('streams the exact text with random byte splits inside multi-byte characters', async () => {
    await withServer({ behavior: { text: MULTIBYTE, splitBytes: 'random', tokenChars: 3 } }, async (server) => {
      const { text, parts } = await collect(
        await ollamaFor(server.url).generate({ model: MODEL, prompt: 'def add(', suffix: '    return c', stream: true }),
      );
      expect(text).toBe(MULTIBYTE);
      const final = parts.at(-1)!;
      expect(final.done).toBe(true);
      expect(final.done_reason).toBe('stop');
      expect(final.response).toBe('');
      expect((final as any).context.length).toBeGreaterThan(0);
      expect(parts.filter((p) => !p.done)).toHaveLength(Math.ceil(Array.from(MULTIBYTE).length / 3));
      const rec = lastGeneration(server);
      expect(rec.renderedPrompt).toBe('<|fim_prefix|>def add(<|fim_suffix|>    return c<|fim_middle|>');
      expect(rec.body).toMatchObject({ model: MODEL, prompt: 'def add(', suffix: '    return c', stream: true });
      expect(rec.tokensSent).toBe(parts.length - 1);
    });
  });

  it('really splits writes: single bytes arrive as separate reads, some not valid UTF-8 alone', async () => {
    await withServer({ behavior: { text: 'é€😀', splitBytes: 1 } }, async (server) => {
      const reads = await readChunks(await post(`${server.url}/api/generate`, { model: MODEL, prompt: 'x' }));
      const undecodable = reads.filter((r) => {
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(r);
          return false;
        } catch {
          return true;
        }
      });
      expect(reads.length).toBeGreaterThan(20);
      expect(undecodable.length).toBeGreaterThan(0);
      expect(ndjson(utf8(reads)).map((o) => o.response).join('')).toBe('é€😀');
    });
  });

  it('coalesces several lines into one write and can omit the final newline', async () => {
    await withServer({ behavior: { text: 'abcdefgh', tokenChars: 2, coalesce: true, omitFinalNewline: true } }, async (server) => {
      const reads = await readChunks(await post(`${server.url}/api/generate`, { model: MODEL, prompt: 'x' }));
      const text = utf8(reads);
      expect(reads[0]!.filter((b) => b === 0x0a).length).toBeGreaterThan(1);
      expect(text.endsWith('}')).toBe(true);
      const { text: viaClient } = await collect(await new Ollama({ host: server.url }).generate({ model: MODEL, prompt: 'x', stream: true }));
      expect(viaClient).toBe('abcdefgh');
    });
  });

  it('answers stream:false with one JSON object; raw mode has no context', async () => {
    await withServer({ behavior: { text: '  return a + b\n' } }, async (server) => {
      const res = await post(`${server.url}/api/generate`, { model: MODEL, prompt: '<|fim_prefix|>x', raw: true, stream: false });
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
      const body = await res.json();
      expect(body).toMatchObject({ model: MODEL, response: '  return a + b\n', done: true, done_reason: 'stop', eval_count: 4 });
      expect(body).not.toHaveProperty('context');
      expect(lastGeneration(server).renderedPrompt).toBe('<|fim_prefix|>x');
      const viaClient = await new Ollama({ host: server.url }).generate({ model: MODEL, prompt: 'y' });
      expect(viaClient.response).toBe('  return a + b\n');
      expect(Array.isArray((viaClient as any).context)).toBe(true);
    });
  });

  it('puts the last token in the done chunk with finalChunkText', async () => {
    await withServer({ behavior: { text: 'Hello world!', tokenChars: 5, finalChunkText: true } }, async (server) => {
      const { text, parts } = await collect(await new Ollama({ host: server.url }).generate({ model: MODEL, prompt: 'x', stream: true }));
      expect(text).toBe('Hello world!');
      expect(parts.at(-1)).toMatchObject({ done: true, response: 'd!' });
    });
  });

  it('honours num_predict (done_reason length) and stop strings (cut before the stop)', async () => {
    await withServer({ behavior: { text: 'line one\n\nline two', tokenChars: 2 } }, async (server) => {
      const client = new Ollama({ host: server.url });
      const limited = await client.generate({ model: MODEL, prompt: 'x', options: { num_predict: 3 } });
      expect(limited).toMatchObject({ response: 'line o', done_reason: 'length', eval_count: 3 });
      const stopped = await collect(await client.generate({ model: MODEL, prompt: 'x', stream: true, options: { stop: ['\n\n'] } }));
      expect(stopped.text).toBe('line one');
      expect(stopped.parts.at(-1)!.done_reason).toBe('stop');
    });
  });

  it('ignores stop strings with ignoreStop, as a server that drops them would, but keeps the budget', async () => {
    await withServer({ behavior: { text: 'a<|file_sep|>b', tokenChars: 2, ignoreStop: true } }, async (server) => {
      const client = new Ollama({ host: server.url });
      const all = await client.generate({ model: MODEL, prompt: 'x', options: { stop: ['<|file_sep|>'] } });
      expect([all.response, all.done_reason]).toEqual(['a<|file_sep|>b', 'stop']);
      const limited = await client.generate({ model: MODEL, prompt: 'x', options: { stop: ['<|file_sep|>'], num_predict: 2 } });
      expect([limited.response, limited.done_reason]).toEqual(['a<|f', 'length']);
    });
  });

  it('passes the request to a completer and records it', async () => {
    await withServer({ behavior: { text: (req) => `echo:${req.body.prompt}` } }, async (server) => {
      const res = await new Ollama({ host: server.url }).generate({ model: MODEL, prompt: 'hi', options: { temperature: 0 }, keep_alive: '10m' });
      expect(res.response).toBe('echo:hi');
      expect(lastGeneration(server).body).toMatchObject({ options: { temperature: 0 }, keep_alive: '10m', stream: false });
    });
  });

  it('rejects a missing model with ResponseError 404 (streamed or not)', async () => {
    await withServer({}, async (server) => {
      const client = new Ollama({ host: server.url });
      for (const stream of [false, true] as const) {
        const err = await rejectionOf(client.generate({ model: 'x', prompt: 'p', stream: stream as any }));
        expect(err.name).toBe('ResponseError');
        expect(err.status_code).toBe(404);
        expect(err.message).toBe("model 'x' not found");
      }
      const show = await rejectionOf(client.show({ model: 'x' }));
      expect([show.status_code, show.message]).toEqual([404, "model 'x:latest' not found"]);
    });
  });

  it('gives /api/show capabilities that agree with the insert check', async () => {
    const models = [{ name: MODEL }, { name: 'plain', template: '{{ .Prompt }}' }, { name: 'thinker', thinking: true }];
    await withServer({ models }, async (server) => {
      const client = new Ollama({ host: server.url });
      expect((await client.show({ model: MODEL })).capabilities).toEqual(['completion', 'insert']);
      expect((await client.show({ model: 'plain' })).capabilities).toEqual(['completion']);
      expect((await client.show({ model: 'thinker' })).capabilities).toEqual(['completion', 'insert', 'thinking']);
      const err = await rejectionOf(client.generate({ model: 'plain', prompt: 'a', suffix: 'b' }));
      expect([err.status_code, err.message]).toEqual([400, 'registry.ollama.ai/library/plain:latest does not support insert']);
      const ok = await client.generate({ model: 'plain', prompt: 'a' });
      expect(ok.done).toBe(true);
    });
  });

  it('answers the Ollama 400s with their exact messages', async () => {
    await withServer({}, async (server) => {
      const cases: Array<[unknown, string]> = [
        ['', 'missing request body'],
        [{ model: MODEL, prompt: 'p', raw: true, system: 's' }, 'raw mode does not support template, system, or context'],
        [{ model: MODEL, prompt: 'p', think: true }, `"${MODEL}" does not support thinking`],
        [{ model: MODEL, prompt: 1 }, 'json: cannot unmarshal number into Go struct field GenerateRequest.prompt of type string'],
        [{ model: MODEL, prompt: 'p', top_logprobs: 21 }, 'top_logprobs must be between 0 and 20'],
        [{ model: MODEL, prompt: 'p', keep_alive: 'soon' }, 'time: invalid duration "soon"'],
      ];
      for (const [body, message] of cases) {
        const res = await post(`${server.url}/api/generate`, body);
        expect(res.status).toBe(400);
        expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
        expect(await res.json()).toEqual({ error: message });
      }
      const noModel = await post(`${server.url}/api/generate`, { prompt: 'p' });
      expect([noModel.status, await noModel.json()]).toEqual([404, { error: "model '' not found" }]);
      const chatNoModel = await post(`${server.url}/api/chat`, { messages: [] });
      expect([chatNoModel.status, await chatNoModel.json()]).toEqual([400, { error: 'model is required' }]);
    });
  });

  it('reports a mid-stream error line as a plain Error after the tokens before it', async () => {
    await withServer({ behavior: { text: 'abcdefgh', tokenChars: 2, fail: { type: 'midStreamError', afterTokens: 2 } } }, async (server) => {
      const seen: string[] = [];
      const err = await rejectionOf(
        (async () => {
          for await (const part of await new Ollama({ host: server.url }).generate({ model: MODEL, prompt: 'x', stream: true })) seen.push(part.response!);
        })(),
      );
      expect(err).toBeInstanceOf(Error);
      expect(err.name).toBe('Error');
      expect(err.message).toBe('an error was encountered while running the model');
      expect(seen).toEqual(['ab', 'cd']);
      const raw = await (await post(`${server.url}/api/generate`, { model: MODEL, prompt: 'x' })).text();
      expect(raw.split('\n').at(-2)).toBe('{"error":"an error was encountered while running the model"}');
    });
  });

  it('answers an error before the first token with a status and JSON body instead', async () => {
    await withServer({ behavior: { fail: { type: 'midStreamError', afterTokens: 0, message: 'boom' } } }, async (server) => {
      const err = await rejectionOf(new Ollama({ host: server.url }).generate({ model: MODEL, prompt: 'x', stream: true }));
      expect([err.name, err.status_code, err.message]).toEqual(['ResponseError', 500, 'boom']);
    });
  });

  it('destroy mid-stream surfaces as TypeError terminated', async () => {
    await withServer({ behavior: { text: 'abcdefgh', tokenChars: 2, fail: { type: 'destroy', afterTokens: 1 } } }, async (server) => {
      const err = await rejectionOf(collect(await new Ollama({ host: server.url }).generate({ model: MODEL, prompt: 'x', stream: true })));
      expect(err).toBeInstanceOf(TypeError);
      expect(err.message).toBe('terminated');
      const rec = lastGeneration(server);
      expect(rec.destroyedAt).toBeDefined();
      expect(rec.clientClosedAt).toBeUndefined();
      expect(rec.tokensSent).toBe(1);
    });
  });

  it('a clean EOF without done fails the ollama iterator', async () => {
    await withServer({ behavior: { fail: { type: 'eofWithoutDone', afterTokens: 2 } } }, async (server) => {
      const err = await rejectionOf(collect(await new Ollama({ host: server.url }).generate({ model: MODEL, prompt: 'x', stream: true })));
      expect(err.message).toBe('Did not receive done or success response in stream.');
    });
  });

  it('injects a garbage line that ollama-js skips with a warning', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      await withServer({ behavior: { text: 'abcdef', tokenChars: 2, fail: { type: 'garbageLine', afterTokens: 1, line: '<html>oops' } } }, async (server) => {
        const { text } = await collect(await new Ollama({ host: server.url }).generate({ model: MODEL, prompt: 'x', stream: true }));
        expect(text).toBe('abcdef');
        expect(warn).toHaveBeenCalledWith('invalid json: ', '<html>oops');
      });
    } finally {
      warn.mockRestore();
    }
  });

  it('answers 200 with an HTML page for garbage, and status failures in the Ollama shape', async () => {
    await withServer({}, async (server) => {
      server.enqueueBehavior({ fail: { type: 'garbage' } });
      const res = await post(`${server.url}/api/generate`, { model: MODEL, prompt: 'x' });
      expect([res.status, res.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
      expect(await res.text()).toContain('<h1>502 Bad Gateway</h1>');
      server.enqueueBehavior({ fail: { type: 'status', status: 500 } });
      const err = await rejectionOf(new Ollama({ host: server.url }).generate({ model: MODEL, prompt: 'x' }));
      expect([err.status_code, err.message]).toEqual([
        500,
        'model runner has unexpectedly stopped, this may be due to resource limitations or an internal error, check ollama server logs for details',
      ]);
    });
  });

  it('aborting one stream by its own signal closes exactly that request while another finishes', async () => {
    await withServer({}, async (server) => {
      const controller = new AbortController();
      server.enqueueBehavior({ text: 'held text', hold: true });
      const held = await ollamaFor(server.url, controller.signal).generate({ model: MODEL, prompt: 'a', stream: true });
      const a = lastGeneration(server);
      server.enqueueBehavior({ text: 'other stream', tokenDelayMs: 5 });
      const otherStream = ollamaFor(server.url).generate({ model: MODEL, prompt: 'b', stream: true });
      const received: string[] = [];
      const heldDone = rejectionOf(
        (async () => {
          for await (const part of held) received.push(part.response!);
        })(),
      );
      await server.waitFor(() => a.tokensSent === 3 && server.generationRequests().length === 2);
      controller.abort();
      expect((await heldDone).name).toBe('AbortError');
      await server.waitFor(() => a.clientClosedAt !== undefined);
      const other = await collect(await otherStream);
      const b = server.generationRequests()[1]!;
      expect(other.text).toBe('other stream');
      expect(received.join('')).toBe('held text');
      expect(a.finishedAt).toBeUndefined();
      expect(b.clientClosedAt).toBeUndefined();
      expect(b.finishedAt).toBeDefined();
      expect(server.requests.filter((r) => r.clientClosedAt !== undefined)).toEqual([a]);
    });
  });

  it('paces tokens by tokenDelayMs and stops producing them once the client has left', async () => {
    await withServer({ behavior: { text: 'x'.repeat(500), tokenChars: 1, tokenDelayMs: 5 } }, async (server) => {
      const controller = new AbortController();
      const res = await fetch(`${server.url}/api/generate`, { method: 'POST', body: JSON.stringify({ model: MODEL, prompt: 'x' }), signal: controller.signal });
      expect(res.status).toBe(200);
      const left = lastGeneration(server);
      await server.waitFor(() => left.tokensSent >= 2);
      controller.abort();
      await server.waitFor(() => left.clientClosedAt !== undefined);
      const sentWhenClosed = left.tokensSent;
      // A second paced stream is the clock: by its end, the first would have sent ~10 more tokens.
      server.enqueueBehavior({ text: 'abcdefghij', tokenChars: 1, tokenDelayMs: 5 });
      const { text } = await collect(await new Ollama({ host: server.url }).generate({ model: MODEL, prompt: 'y', stream: true }));
      const paced = lastGeneration(server);
      expect(text).toBe('abcdefghij');
      expect(paced.finishedAt! - paced.headersSentAt!).toBeGreaterThanOrEqual(45);
      expect(left.tokensSent).toBe(sentWhenClosed);
      expect(left.finishedAt).toBeUndefined();
    });
  });

  it('an abort during the header wait rejects generate() and closes the connection', async () => {
    await withServer({ behavior: { headerDelayMs: 10_000 } }, async (server) => {
      const controller = new AbortController();
      const pending = ollamaFor(server.url, controller.signal).generate({ model: MODEL, prompt: 'x', stream: true });
      await server.waitFor(() => server.generationRequests().length === 1);
      controller.abort();
      expect((await rejectionOf(pending)).name).toBe('AbortError');
      const rec = lastGeneration(server);
      await server.waitFor(() => rec.clientClosedAt !== undefined);
      expect(rec.headersSentAt).toBeUndefined();
    });
  });

  it('delays headers by headerDelayMs, and sends them early with bodyDelayMs', async () => {
    await withServer({}, async (server) => {
      server.enqueueBehavior({ headerDelayMs: 60 });
      await (await post(`${server.url}/api/generate`, { model: MODEL, prompt: 'x' })).text();
      const slow = lastGeneration(server);
      expect(slow.headersSentAt! - slow.receivedAt).toBeGreaterThanOrEqual(55);

      server.enqueueBehavior({ bodyDelayMs: 10_000 });
      const res = await post(`${server.url}/api/generate`, { model: MODEL, prompt: 'x' });
      expect(res.status).toBe(200);
      const early = lastGeneration(server);
      expect(early.tokensSent).toBe(0);
      await res.body!.cancel();
      await server.waitFor(() => early.clientClosedAt !== undefined);
    });
  });

  it('queues past `parallel` with headers delayed; cancelling frees the slot; a full queue is 503', async () => {
    await withServer({ parallel: 1, maxQueue: 1 }, async (server) => {
      const controller = new AbortController();
      server.enqueueBehavior({ hold: true });
      const first = await ollamaFor(server.url, controller.signal).generate({ model: MODEL, prompt: 'a', stream: true });
      const queued = post(`${server.url}/api/generate`, { model: MODEL, prompt: 'b', stream: false });
      await server.waitFor(() => server.generationRequests().length === 2);
      const busy = await post(`${server.url}/api/generate`, { model: MODEL, prompt: 'c' });
      expect([busy.status, await busy.json()]).toEqual([503, { error: 'server busy, please try again.  maximum pending requests exceeded' }]);
      const second = server.generationRequests()[1]!;
      expect(second.headersSentAt).toBeUndefined();
      first.abort();
      expect((await jsonOf(queued)).response).toBe('return a + b;');
      expect(second.headersSentAt).toBeDefined();
    });
  });

  it('models start unloaded: load delay, load_duration, keep_alive 0, /api/ps, load and unload requests', async () => {
    await withServer({ loadDelayMs: 50 }, async (server) => {
      const client = new Ollama({ host: server.url });
      expect((await client.ps()).models).toEqual([]);
      const load = await client.generate({ model: MODEL, prompt: '' });
      expect(load).toMatchObject({ model: MODEL, response: '', done: true, done_reason: 'load' });
      const ps = await client.ps();
      expect(ps.models.map((m) => m.name)).toEqual([MODEL]);
      expect(Date.parse(ps.models[0]!.expires_at as unknown as string)).toBeGreaterThan(Date.now() + 4 * 60_000);
      const warm = await client.generate({ model: MODEL, prompt: 'x', keep_alive: 0 });
      expect(warm.load_duration).toBeLessThan(50e6);
      expect((await client.ps()).models).toEqual([]);
      const cold = await client.generate({ model: MODEL, prompt: 'x' });
      expect(cold.load_duration).toBeGreaterThanOrEqual(45e6);
      // An empty prefix is a load request even with a suffix: a FIM client must not send one at file start.
      expect((await client.generate({ model: MODEL, prompt: '', suffix: 'rest of file' })).done_reason).toBe('load');
      expect(await client.chat({ model: MODEL, messages: [] })).toMatchObject({ message: { role: 'assistant', content: '' }, done_reason: 'load' });
      const unload = await client.generate({ model: MODEL, prompt: '', keep_alive: 0 });
      expect(unload.done_reason).toBe('unload');
      expect((await client.ps()).models).toEqual([]);
    });
  });

  it('a thinking model thinks unless think:false', async () => {
    await withServer({ models: [{ name: 'thinker:8b', thinking: true }], behavior: { text: 'answer', thinkingText: 'hmm' } }, async (server) => {
      const client = new Ollama({ host: server.url });
      const thought = await collect(await client.generate({ model: 'thinker:8b', prompt: 'x', stream: true }));
      expect(thought.parts.map((p) => p.thinking ?? '').join('')).toBe('hmm');
      expect(thought.text).toBe('answer');
      const plain = await client.generate({ model: 'thinker:8b', prompt: 'x', think: false });
      expect(plain.thinking).toBeUndefined();
      expect(plain.response).toBe('answer');
    });
  });

  it('streams /api/chat messages', async () => {
    await withServer({ behavior: { text: 'Hi there' } }, async (server) => {
      const parts = [];
      for await (const part of await new Ollama({ host: server.url }).chat({ model: MODEL, messages: [{ role: 'user', content: 'hello' }], stream: true })) parts.push(part);
      expect(parts.map((p) => p.message.content).join('')).toBe('Hi there');
      expect(parts.at(-1)).toMatchObject({ done: true, done_reason: 'stop', message: { role: 'assistant', content: '' } });
      expect(parts.at(-1)).not.toHaveProperty('context');
    });
  });

  it('serves /, HEAD /, version, tags with and without capabilities, 404 and 405 as gin does', async () => {
    await withServer({}, async (server) => {
      const root = await fetch(server.url);
      expect([root.status, root.headers.get('content-type'), await root.text()]).toEqual([200, 'text/plain; charset=utf-8', 'Ollama is running']);
      const head = await fetch(server.url, { method: 'HEAD' });
      expect([head.status, await head.text()]).toEqual([200, '']);
      const client = new Ollama({ host: server.url });
      expect(await client.version()).toEqual({ version: '0.33.0' });
      const older = (await client.list()).models[0]!;
      expect(older.name).toBe(MODEL);
      expect(older).not.toHaveProperty('capabilities');
      const missing = await fetch(`${server.url}/api/nothing`);
      expect([missing.status, missing.headers.get('content-type'), await missing.text()]).toEqual([404, 'text/plain; charset=utf-8', '404 page not found']);
      const wrong = await fetch(`${server.url}/api/generate`);
      expect([wrong.status, await wrong.text()]).toEqual([405, '405 method not allowed']);
    });
    await withServer({ tagsWithCapabilities: true }, async (server) => {
      const newer = (await new Ollama({ host: server.url }).list()).models[0] as any;
      expect(newer.capabilities).toEqual(['completion', 'insert']);
      expect(newer.details.context_length).toBe(32768);
    });
  });
});

describe('OpenAI-compatible routes', () => {
  it('Ollama /v1/completions streams SSE with [DONE], applies the FIM template and the usage chunk', async () => {
    await withServer({ behavior: { text: MULTIBYTE, splitBytes: 'random' } }, async (server) => {
      const res = await post(`${server.url}/v1/completions`, {
        model: MODEL,
        prompt: 'a',
        suffix: 'b',
        stream: true,
        max_tokens: 100,
        stream_options: { include_usage: true },
      });
      expect(res.headers.get('content-type')).toBe('text/event-stream');
      const { data } = sse(utf8(await readChunks(res)));
      expect(data.at(-1)).toBe('[DONE]');
      const chunks = data.slice(0, -1).map((d) => JSON.parse(d));
      expect(chunks.flatMap((c) => c.choices.map((ch: any) => ch.text)).join('')).toBe(MULTIBYTE);
      expect(chunks.at(-2).choices[0].finish_reason).toBe('stop');
      expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { completion_tokens: chunks.length - 2 } });
      expect(chunks[0]).toMatchObject({ object: 'text_completion', system_fingerprint: 'fp_ollama' });
      expect(chunks[0].id).toMatch(/^cmpl-\d+$/);
      expect(lastGeneration(server).renderedPrompt).toBe('<|fim_prefix|>a<|fim_suffix|>b<|fim_middle|>');
    });
  });

  it('Ollama /v1 errors: 404 not_found_error, insert refusal, finish_reason length, data:null with no models', async () => {
    await withServer({ models: [{ name: 'plain', capabilities: ['completion'] }], behavior: { text: 'abcdefgh', tokenChars: 2 } }, async (server) => {
      const missing = await post(`${server.url}/v1/completions`, { model: 'x', prompt: 'p' });
      expect([missing.status, await missing.json()]).toEqual([404, { error: { message: "model 'x' not found", type: 'not_found_error', param: null, code: null } }]);
      const insert = await post(`${server.url}/v1/completions`, { model: 'plain', prompt: 'p', suffix: 's' });
      expect([insert.status, (await jsonOf(insert)).error]).toEqual([
        400,
        { message: 'registry.ollama.ai/library/plain:latest does not support insert', type: 'invalid_request_error', param: null, code: null },
      ]);
      const limited = await jsonOf(post(`${server.url}/v1/completions`, { model: 'plain', prompt: 'p', max_tokens: 2 }));
      expect(limited.choices[0]).toEqual({ text: 'abcd', index: 0, finish_reason: 'length' });
    });
    await withServer({ models: [] }, async (server) => {
      expect(await (await fetch(`${server.url}/v1/models`)).json()).toEqual({ object: 'list', data: null });
    });
  });

  it('Ollama /v1 mid-stream error: an empty chunk, then the end without [DONE]', async () => {
    await withServer({ behavior: { text: 'abcd', tokenChars: 2, fail: { type: 'midStreamError', afterTokens: 1 } } }, async (server) => {
      const res = await post(`${server.url}/v1/chat/completions`, { model: MODEL, messages: [{ role: 'user', content: 'x' }], stream: true });
      const { data } = sse(await res.text());
      expect(data).toHaveLength(2);
      expect(JSON.parse(data[0]!).choices[0].delta).toEqual({ role: 'assistant', content: 'ab' });
      expect(JSON.parse(data[1]!)).toMatchObject({ model: '', choices: [{ delta: { role: 'assistant', content: '' }, finish_reason: null }] });
    });
  });

  it('SSE pings fill a body delay, with CRLF line endings, and headers arrive first', async () => {
    await withServer({ flavor: 'llamacpp', behavior: { text: 'fn main() {}', bodyDelayMs: 60, pingIntervalMs: 15, ssePing: true, crlf: true } }, async (server) => {
      const res = await post(`${server.url}/v1/completions`, { prompt: 'x', stream: true });
      const rec = lastGeneration(server);
      expect(rec.tokensSent).toBe(0);
      const text = utf8(await readChunks(res));
      expect(text).toContain(': ping\r\n\r\n');
      expect(text).not.toMatch(/[^\r]\n/);
      const { data, comments } = sse(text);
      expect(comments).toBeGreaterThanOrEqual(2);
      expect(data.at(-1)).toBe('[DONE]');
      const chunks = data.slice(0, -1).map((d) => JSON.parse(d));
      expect(chunks.map((c) => c.choices[0].text).join('')).toBe('fn main() {}');
      expect(chunks[0].id).toMatch(/^chatcmpl-[0-9a-f]{32}$/);
      expect(chunks.at(-1)).toHaveProperty('timings');
      expect(chunks.at(-1).usage.completion_tokens).toBe(3);
    });
  });

  it('llama.cpp chat streams a role-only first delta with content null', async () => {
    await withServer({ flavor: 'llamacpp', behavior: { text: 'ok' } }, async (server) => {
      const { data } = sse(await (await post(`${server.url}/v1/chat/completions`, { messages: [{ role: 'user', content: 'x' }], stream: true })).text());
      const chunks = data.slice(0, -1).map((d) => JSON.parse(d));
      expect(chunks[0].choices[0].delta).toEqual({ role: 'assistant', content: null });
      expect(chunks[1].choices[0].delta).toEqual({ content: 'ok' });
      expect(chunks.at(-1).choices[0]).toEqual({ index: 0, delta: {}, finish_reason: 'stop' });
    });
  });

  it('vLLM and OpenAI API keys', async () => {
    await withServer({ flavor: 'vllm', apiKey: 'k' }, async (server) => {
      const res = await fetch(`${server.url}/v1/models`);
      expect([res.status, await res.json()]).toEqual([401, { error: 'Unauthorized' }]);
      expect((await fetch(`${server.url}/v1/models`, { headers: { Authorization: 'Bearer k' } })).status).toBe(200);
    });
    await withServer({ flavor: 'openai', apiKey: 'k' }, async (server) => {
      const res = await post(`${server.url}/v1/completions`, { model: MODEL, prompt: 'a' }, { Authorization: 'Bearer nope' });
      expect([res.status, (await jsonOf(res)).error.code]).toEqual([401, 'invalid_api_key']);
    });
  });

  it('SSE streams can end without [DONE] or be destroyed', async () => {
    await withServer({ flavor: 'llamacpp', behavior: { text: 'abcd', tokenChars: 2 } }, async (server) => {
      server.enqueueBehavior({ text: 'abcd', tokenChars: 2, fail: { type: 'eofWithoutDone', afterTokens: 1 } });
      const { data } = sse(await (await post(`${server.url}/v1/completions`, { prompt: 'x', stream: true })).text());
      expect(data.map((d) => JSON.parse(d).choices[0])).toEqual([{ text: 'ab', index: 0, logprobs: null, finish_reason: null }]);
      server.enqueueBehavior({ text: 'abcd', tokenChars: 2, fail: { type: 'destroy', afterTokens: 1 } });
      const err = await rejectionOf((await post(`${server.url}/infill`, { input_prefix: '', input_suffix: '', stream: true })).text());
      expect([err.name, err.message]).toEqual(['TypeError', 'terminated']);
    });
  });

  it('vLLM refuses suffix; OpenAI defaults max_tokens to 16', async () => {
    await withServer({ flavor: 'vllm' }, async (server) => {
      const res = await post(`${server.url}/v1/completions`, { model: MODEL, prompt: 'a', suffix: 'b' });
      expect([res.status, (await jsonOf(res)).error.message]).toEqual([400, 'suffix is not currently supported']);
    });
    await withServer({ flavor: 'openai', behavior: { text: 'x'.repeat(100), tokenChars: 1 } }, async (server) => {
      const body = await jsonOf(post(`${server.url}/v1/completions`, { model: MODEL, prompt: 'a' }));
      expect([body.choices[0].text, body.choices[0].finish_reason]).toEqual(['x'.repeat(16), 'length']);
    });
  });
});

describe('llama.cpp native routes', () => {
  it('/infill streams SSE without [DONE]; the last object has stop:true and stop_type', async () => {
    await withServer({ flavor: 'llamacpp', behavior: { text: MULTIBYTE, splitBytes: 3 } }, async (server) => {
      const res = await post(`${server.url}/infill`, {
        input_prefix: 'def fib(n):\n',
        input_suffix: '\n',
        input_extra: [{ filename: 'util.py', text: 'def memo(f): ...' }],
        prompt: '    ',
        stream: true,
      });
      const { data } = sse(await res.text());
      const objects = data.map((d) => JSON.parse(d));
      expect(data).not.toContain('[DONE]');
      expect(objects.map((o) => o.content).join('')).toBe(MULTIBYTE);
      expect(objects.at(-1)).toMatchObject({ stop: true, stop_type: 'eos', stopping_word: '', content: '' });
      expect(objects.slice(0, -1).every((o) => o.stop === false)).toBe(true);
      expect(lastGeneration(server).renderedPrompt).toBe(
        '<|repo_name|>myproject\n<|file_sep|>util.py\ndef memo(f): ...<|file_sep|>filename\n<|fim_prefix|>def fib(n):\n    <|fim_suffix|>\n<|fim_middle|>',
      );
    });
  });

  it('stop_type word with stopping_word, and limit after n_predict', async () => {
    await withServer({ flavor: 'llamacpp', behavior: { text: 'a = 1\n\nb = 2', tokenChars: 1 } }, async (server) => {
      const word = await (await post(`${server.url}/infill`, { input_prefix: '', input_suffix: '', stop: ['\n\n'] })).json();
      expect(word).toMatchObject({ content: 'a = 1', stop: true, stop_type: 'word', stopping_word: '\n\n' });
      const limit = await (await post(`${server.url}/completion`, { prompt: 'x', n_predict: 3 })).json();
      expect(limit).toMatchObject({ content: 'a =', stop_type: 'limit', tokens_predicted: 3 });
    });
  });

  it('answers the llama.cpp errors in its shape', async () => {
    const err = (code: number, message: string, type: string) => ({ error: { code, message, type } });
    await withServer({ flavor: 'llamacpp', apiKey: 'secret', models: [{ name: 'chat-only', capabilities: ['completion'] }] }, async (server) => {
      const auth = { Authorization: 'Bearer secret' };
      const denied = await post(`${server.url}/infill`, { input_prefix: '', input_suffix: '' });
      expect([denied.status, await denied.json()]).toEqual([401, err(401, 'Invalid API Key', 'authentication_error')]);
      expect((await fetch(`${server.url}/health`)).status).toBe(200);
      const noFim = await post(`${server.url}/infill`, { input_prefix: '', input_suffix: '' }, auth);
      expect([noFim.status, await noFim.json()]).toEqual([
        501,
        err(501, 'Infill is not supported by this model: prefix token is missing. suffix token is missing. middle token is missing. ', 'not_supported_error'),
      ]);
      const suffix = await post(`${server.url}/v1/completions`, { prompt: 'a', suffix: '' }, auth);
      expect(await suffix.json()).toEqual(err(500, 'Unsupported param: suffix', 'server_error'));
      const notFound = await fetch(`${server.url}/nope`, { headers: auth });
      expect([notFound.status, await notFound.json()]).toEqual([404, err(404, 'File Not Found', 'not_found_error')]);
    });
    await withServer({ flavor: 'llamacpp', loading: true }, async (server) => {
      const health = await fetch(`${server.url}/health`);
      expect([health.status, await health.json()]).toEqual([503, err(503, 'Loading model', 'unavailable_error')]);
      expect((await jsonOf(fetch(`${server.url}/v1/models`))).data[0].meta).toBeNull();
      server.setLoading(false);
      expect(await (await fetch(`${server.url}/health`)).json()).toEqual({ status: 'ok' });
      const required = await post(`${server.url}/infill`, { input_suffix: '' });
      expect([required.status, await required.json()]).toEqual([400, err(400, '"input_prefix" is required', 'invalid_request_error')]);
    });
  });

  it('a mid-stream error is a data: {"error"} event and the stream ends', async () => {
    await withServer({ flavor: 'llamacpp', behavior: { text: 'abcd', tokenChars: 2, fail: { type: 'midStreamError', afterTokens: 1, message: 'decode failed' } } }, async (server) => {
      const { data } = sse(await (await post(`${server.url}/v1/completions`, { prompt: 'x', stream: true })).text());
      expect(data).toHaveLength(2);
      expect(JSON.parse(data[1]!)).toEqual({ error: { code: 500, message: 'decode failed', type: 'server_error' } });
    });
  });
});

describe('template rendering', () => {
  it('renders the reference FIM templates exactly', () => {
    const test = '{{- if .Suffix }}<PRE> {{ .Prompt }} <SUF>{{ .Suffix }} <MID>{{- else }}{{ .Prompt }}{{- end }}';
    expect(renderGoTemplate(test, { Prompt: 'def add(', Suffix: '    return c' })).toBe('<PRE> def add( <SUF>    return c <MID>');
    expect(renderGoTemplate(test, { Prompt: 'def add(' })).toBe('def add(');
    expect(renderGoTemplate('[SUFFIX]{{ .Suffix }}[PREFIX] {{ .Prompt }}', { Prompt: 'p', Suffix: 's' })).toBe('[SUFFIX]s[PREFIX] p');
    const chat = '{{- range .Messages }}{{ .Content }}{{ end }}{{ if and .System .Prompt }}S:{{ .System }} {{ end }}{{ .Prompt }}';
    expect(renderGoTemplate(chat, { Prompt: 'p', System: 'sys' })).toBe('S:sys p');
  });
});

describe('server lifecycle', () => {
  it('connection refused on closedPort()', async () => {
    const port = await closedPort();
    const err = await rejectionOf(new Ollama({ host: `http://127.0.0.1:${port}` }).version());
    expect([err.name, err.message, err.cause?.code]).toEqual(['TypeError', 'fetch failed', 'ECONNREFUSED']);
  });

  it('waitFor rejects with a description when the condition never holds', async () => {
    await withServer({}, async (server) => {
      await fetch(server.url);
      const err = await rejectionOf(server.waitFor(() => false, 30));
      expect(err.message).toBe('FakeModelServer.waitFor: condition still false after 30 ms. Requests: #1 GET / tokens=0 headers=sent finished');
    });
  });

  it('close() ends held streams and every socket', async () => {
    const server = await FakeModelServer.start({ behavior: { hold: true } });
    const res = await post(`${server.url}/api/generate`, { model: MODEL, prompt: 'x' });
    const reading = rejectionOf(readChunks(res));
    await server.waitFor(() => lastGeneration(server).tokensSent === 4);
    expect(server.openSockets()).toBe(1);
    await server.close();
    expect((await reading).message).toBe('terminated');
    expect(server.openSockets()).toBe(0);
  });
});
