import { afterEach, describe, expect, it } from 'vitest';
import { FakeModelServer, type Flavor } from '../fake-model';
import type { Settings } from '../../server/config/settings';
import { createProvider } from '../../server/models/createProvider';
import { generateChat, generateFim } from '../../server/models/generate';

/**
 * Token-limit answers (issue 10): when the server says it stopped at the token limit
 * (Ollama `done_reason: "length"`, OpenAI `finish_reason: "length"`, llama.cpp
 * `stop_type: "limit"`), generateFim's outcome says `truncated`, whichever backend.
 */
type Backend = 'ollama' | 'openai' | 'llamacpp';
const FLAVOR: Record<Backend, Flavor> = { ollama: 'ollama', openai: 'openai', llamacpp: 'llamacpp' };
const BACKENDS = Object.keys(FLAVOR) as Backend[];
const TEXT = 'return a + b'; // three tokens of four characters

const servers: FakeModelServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function providerFor(backend: Backend, finalChunkText = false) {
  const fake = await FakeModelServer.start({ flavor: FLAVOR[backend], behavior: { text: TEXT, tokenChars: 4, finalChunkText } });
  servers.push(fake);
  const model: Settings['model'] = { provider: backend, endpoint: fake.url, name: 'qwen2.5-coder:1.5b-base', apiKeyEnv: '', fimTemplate: 'auto', options: {}, path: '', embedded: { threads: 0, contextSize: 4096, idleUnloadMs: 300_000 } };
  return { fake, provider: createProvider(model, {}) };
}

const fim = (maxTokens: number) => ({ prefix: 'def add(a, b):\n    ', suffix: '\n', maxTokens, temperature: 0, snippets: [], stop: [] });
const options = { timeoutMs: 5000, signal: new AbortController().signal };

describe('generateFim reports a token-limit answer as truncated', () => {
  it.each(BACKENDS)('%s: cut at the limit', async (backend) => {
    const { fake, provider } = await providerFor(backend);
    const outcome = await generateFim(provider, fim(2), options);
    expect([outcome.text, outcome.truncated, outcome.stoppedEarly]).toEqual(['return a', true, false]);
    const [req] = fake.generationRequests();
    expect(backend === 'ollama' ? req.body.options.num_predict : backend === 'openai' ? req.body.max_tokens : req.body.n_predict).toBe(2);
  });

  it.each(BACKENDS)('%s: an answer that ended on its own is not', async (backend) => {
    const { provider } = await providerFor(backend);
    const outcome = await generateFim(provider, fim(64), options);
    expect([outcome.text, outcome.truncated]).toEqual([TEXT, false]);
  });

  it.each(BACKENDS)('%s: the last piece of text in the final chunk still counts, and so does the limit', async (backend) => {
    const { provider } = await providerFor(backend, true);
    const outcome = await generateFim(provider, fim(2), options);
    expect([outcome.text, outcome.truncated]).toEqual(['return a', true]);
  });

  it.each(BACKENDS)('%s: a stream the caller stopped early is not truncated', async (backend) => {
    const { provider } = await providerFor(backend);
    const outcome = await generateFim(provider, fim(2), { ...options, isComplete: (t) => t.includes(' ') });
    expect([outcome.text, outcome.truncated, outcome.stoppedEarly]).toEqual(['return a', false, true]);
  });
});

describe('generateChat reports a token-limit answer as truncated', () => {
  it.each(BACKENDS)('%s', async (backend) => {
    const { provider } = await providerFor(backend);
    const chat = (maxTokens: number) => ({ messages: [{ role: 'user' as const, content: 'add' }], maxTokens, temperature: 0 });
    expect((await generateChat(provider, chat(2), options)).truncated).toBe(true);
    expect((await generateChat(provider, chat(64), options)).truncated).toBe(false);
  });
});

describe('a fill-in-the-middle request says when it is on its way', () => {
  it.each(BACKENDS)('%s: once, after what it needs first (Ollama: the model template), before the answer', async (backend) => {
    const { fake, provider } = await providerFor(backend);
    const atSend: string[][] = [];
    const outcome = await generateFim(provider, { ...fim(64), onSent: () => atSend.push(fake.requests.map((r) => r.path)) }, options);
    expect(outcome.text).toBe(TEXT);
    expect(atSend).toHaveLength(1);
    expect(atSend[0].includes('/api/show')).toBe(backend === 'ollama');
  });
});
