// The embedded backend on the real node-llama-cpp, with tiny random-weight GGUF files made
// here: what is checked is the plumbing (loading, FIM, streaming, stops, cancel, unload, chat),
// never what the random model writes.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSettings, type Settings } from '../../server/config/settings';
import { createProvider, type ProviderHost } from '../../server/models/createProvider';
import { fitToContext } from '../../server/models/embedded';
import { EmbeddedModels } from '../../server/models/embeddedModels';
import { LlamaRuntime } from '../../server/models/llamaRuntime';
import { ModelError } from '../../server/models/modelError';
import type { FimRequest, Provider } from '../../server/models/provider';
import { writeTinyGguf } from '../fake-model/tinyGguf';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'infill-embedded-'));
const FIXED = path.join(dir, 'fixed-length.gguf'); // never ends on its own: every answer runs to maxTokens
const NO_FIM = path.join(dir, 'no-fim.gguf');
const EMPTY = path.join(dir, 'ends-at-once.gguf');
const host: ProviderHost = { embedded: new EmbeddedModels(new LlamaRuntime()) };

beforeAll(() => {
  writeTinyGguf(FIXED, { endOfGeneration: 'never' });
  writeTinyGguf(NO_FIM, { fim: false });
  writeTinyGguf(EMPTY, { endOfGeneration: 'immediately' });
});

afterAll(async () => {
  await host.embedded.disposeAll();
  fs.rmSync(dir, { recursive: true, force: true });
});

function embedded(file: string, embeddedSettings: Partial<Settings['model']['embedded']> = {}, name = 'tiny'): Provider {
  const base = defaultSettings({});
  const model: Settings['model'] = { ...base.model, provider: 'embedded', name, path: file, embedded: { threads: 1, contextSize: 512, idleUnloadMs: 0, ...embeddedSettings } };
  return createProvider(model, {}, host);
}

function fim(overrides: Partial<FimRequest> = {}): FimRequest {
  return { prefix: 'def add(a, b):\n    return ', suffix: '\n\nprint(add(1, 2))\n', maxTokens: 12, temperature: 0, snippets: [], stop: [], signal: new AbortController().signal, ...overrides };
}

async function collect(stream: AsyncIterable<string>): Promise<string[]> {
  const pieces: string[] = [];
  for await (const piece of stream) pieces.push(piece);
  return pieces;
}

describe('the embedded provider', () => {
  it('fills in the middle, streams in pieces, and says it stopped at maxTokens', async () => {
    const provider = embedded(FIXED);
    expect(provider.description).toBe(`embedded tiny (${FIXED})`);
    let finish: string | undefined;
    let sent = 0;
    const pieces = await collect(provider.fim(fim({ onFinish: (r) => (finish = r), onSent: () => sent++ })));
    expect(sent).toBe(1); // no connection to wait for
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join('').length).toBeGreaterThan(0);
    expect(finish).toBe('length');
    // Temperature 0: the same request gives the same text (the prompt reached the model the same way).
    expect((await collect(provider.fim(fim()))).join('')).toBe(pieces.join(''));
    // Another suffix is another prompt: the suffix reaches the model.
    const other = (await collect(provider.fim(fim({ suffix: '\nclass Other:\n    pass\n' })))).join('');
    const third = (await collect(provider.fim(fim({ prefix: 'import os\n' })))).join('');
    expect(new Set([pieces.join(''), other, third]).size).toBeGreaterThan(1);
  });

  it('stops at a stop string, which is not part of the answer', async () => {
    const provider = embedded(FIXED);
    const full = (await collect(provider.fim(fim({ maxTokens: 30 })))).join('');
    const stop = full.slice(6, 8);
    const cut = (await collect(provider.fim(fim({ maxTokens: 30, stop: [stop] })))).join('');
    expect(cut).toBe(full.slice(0, full.indexOf(stop)));
  });

  it('an answer the model ends at once is empty and finished with "stop"', async () => {
    let finish: string | undefined;
    expect(await collect(embedded(EMPTY).fim(fim({ onFinish: (r) => (finish = r) })))).toEqual([]);
    expect(finish).toBe('stop');
  });

  it('aborting mid-generation rejects with the reason, and the model serves the next request', async () => {
    const provider = embedded(FIXED);
    const controller = new AbortController();
    const reason = new Error('the user typed on');
    const pieces: string[] = [];
    const error = await (async () => {
      for await (const piece of provider.fim(fim({ maxTokens: 400, signal: controller.signal }))) {
        pieces.push(piece);
        if (pieces.length === 2) controller.abort(reason);
      }
    })().catch((e: unknown) => e);
    expect(error).toBe(reason);
    expect(pieces).toHaveLength(2);
    expect((await collect(provider.fim(fim()))).length).toBeGreaterThan(0);
  });

  it('a consumer that stops reading ends the generation, and the sequence is free again', async () => {
    const provider = embedded(FIXED);
    for (let i = 0; i < 3; i++) {
      for await (const piece of provider.fim(fim({ maxTokens: 400 }))) {
        expect(piece.length).toBeGreaterThan(0);
        break;
      }
    }
    // Two sequences per model: three at once all finish (one waits for a free sequence).
    const answers = await Promise.all([1, 2, 3].map(() => collect(provider.fim(fim({ maxTokens: 5 })))));
    expect(answers.map((a) => a.length > 0)).toEqual([true, true, true]);
  });

  it('chats with the model’s own chat template', async () => {
    let finish: string | undefined;
    const pieces = await collect(
      embedded(FIXED).chat({ messages: [{ role: 'system', content: 'Answer briefly.' }, { role: 'user', content: 'Write add.' }], maxTokens: 6, temperature: 0, signal: new AbortController().signal, onFinish: (r) => (finish = r) }),
    );
    expect(pieces.join('').length).toBeGreaterThan(0);
    expect(finish).toBe('length');
  });

  it('a model without FIM tokens is refused with what to use instead', async () => {
    const error = await collect(embedded(NO_FIM).fim(fim())).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).kind).toBe('noInsert');
    expect((error as ModelError).userMessage).toBe(
      `The embedded model ${NO_FIM} has no FIM tokens, so it cannot fill in the middle. Use a code model with FIM tokens: infill-ls model pull qwen2.5-coder:1.5b-base`,
    );
  });

  it('a missing file says how to get it: model pull for a known model, else model.path', async () => {
    const cache = path.join(dir, 'cache');
    const base = defaultSettings({});
    const known = createProvider({ ...base.model, provider: 'embedded' }, { XDG_CACHE_HOME: cache }, host);
    const error = await collect(known.fim(fim())).catch((e: unknown) => e);
    expect((error as ModelError).kind).toBe('modelFile');
    expect((error as ModelError).userMessage).toBe(
      `The embedded model file ${path.join(cache, 'infill-ls', 'models', 'qwen2.5-coder-1.5b-q8_0.gguf')} is not there. Fix: run: infill-ls model pull qwen2.5-coder:1.5b-base  (or set infill.model.path to a GGUF file)`,
    );
    const missing = path.join(dir, 'nope.gguf');
    const byPath = await collect(embedded(missing).fim(fim())).catch((e: unknown) => e);
    expect((byPath as ModelError).userMessage).toBe(`The embedded model file ${missing} is not there. Fix: set infill.model.path to a GGUF file that exists`);
  });

  it('a file that is not a model says so', async () => {
    const garbage = path.join(dir, 'garbage.gguf');
    fs.writeFileSync(garbage, 'not a model at all');
    const error = await collect(embedded(garbage).fim(fim())).catch((e: unknown) => e);
    expect((error as ModelError).kind).toBe('modelFile');
    expect((error as ModelError).userMessage).toMatch(new RegExp(`^The embedded model cannot load ${garbage.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(.+\\)\\. Is it a GGUF model file\\?$`));
  });

  it('unloads a model left idle for idleUnloadMs, and loads it again on the next request', async () => {
    const models = new EmbeddedModels(new LlamaRuntime());
    const base = defaultSettings({});
    const provider = createProvider({ ...base.model, provider: 'embedded', path: FIXED, embedded: { threads: 1, contextSize: 512, idleUnloadMs: 50 } }, {}, { embedded: models });
    await collect(provider.fim(fim({ maxTokens: 3 })));
    expect(models.count).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(models.count).toBe(0);
    expect((await collect(provider.fim(fim({ maxTokens: 3 })))).length).toBeGreaterThan(0);
    expect(models.count).toBe(1);
    await models.disposeAll();
    expect(models.count).toBe(0);
  });

  it('a prompt longer than the context is cut to fit: the prefix keeps its end, the suffix its start', async () => {
    const long = Array.from({ length: 400 }, (_, i) => `line_${i} = ${i}\n`).join('');
    const answer = await collect(embedded(FIXED, { contextSize: 256 }).fim(fim({ prefix: long, suffix: long, maxTokens: 8 })));
    expect(answer.length).toBeGreaterThan(0);
  });
});

describe('fitToContext', () => {
  // One token per character: budgets are easy to read.
  const model = { model: { tokenize: (text: string) => [...text] } };

  it('leaves a prompt that fits alone', () => {
    expect(fitToContext(model, 'abc\n', 'de\n', 7)).toEqual({ prefix: 'abc\n', suffix: 'de\n' });
  });

  it('cuts the prefix from its start and the suffix from its end, at line boundaries near the cut', () => {
    const prefix = 'first line\nsecond line\nthird\n';
    const suffix = 'after one\nafter two\nafter three\n';
    // Budget 24: the suffix gets a quarter (6), no line end before that: cut mid-line; the prefix
    // keeps 18 from the line start after the cut point.
    expect(fitToContext(model, prefix, suffix, 24)).toEqual({ prefix: 'second line\nthird\n', suffix: 'after ' });
    // Budget 40: the suffix's quarter (10) ends at its first line's end; the prefix (30) fits whole.
    expect(fitToContext(model, prefix, suffix, 40)).toEqual({ prefix, suffix: 'after one\n' });
    // Budget 5: both cut hard; nothing is left at 0.
    expect(fitToContext(model, prefix, suffix, 5)).toEqual({ prefix: 'ird\n', suffix: 'a' });
    expect(fitToContext(model, prefix, suffix, 0)).toEqual({ prefix: '', suffix: '' });
  });
});
