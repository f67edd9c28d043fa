import { describe, expect, it } from 'vitest';
import { seededRandom, type Random } from '../realcode/corpus';
import { startSession } from './session';

/**
 * A seeded protocol fuzz (issue 12): thousands of messages, valid ones mutated at random
 * (members removed, values of the wrong type, positions far out, odd ids, unknown methods,
 * bodies that are not JSON-RPC), then ordinary requests. The server must not crash or hang,
 * must answer every request exactly once with its own id, and must serve the ordinary
 * requests after the noise as if there had been none.
 */
const SEED = Number(process.env.INFILL_FUZZ_SEED ?? 20261127);
const MESSAGES = Number(process.env.INFILL_FUZZ_MESSAGES ?? 3000);

const URIS = ['file:///fuzz/a.py', 'file:///fuzz/b.ts', 'file:///fuzz/c.go', 'untitled:Untitled-1', 'file:///fuzz/%E2%82%AC.rs'];
const TEXT = 'def total(items):\n    pass\n\n\ndef size(items):\n    return len(items)\n';

/** Valid messages of every method the server handles, to be mutated. */
function validMessage(rnd: Random, version: () => number): { method: string; params: unknown; request: boolean } {
  const uri = rnd.pick(URIS);
  const pos = () => ({ line: rnd.int(0, 8), character: rnd.int(0, 30) });
  const range = () => ({ start: pos(), end: pos() });
  const diagnostic = () => ({ range: range(), message: rnd.pick(['"x" is not defined', 'Expected ":"', '']), severity: 1, source: 'fuzz' });
  const all = [
    { method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: rnd.pick(['python', 'typescript', 'go', 'rust', 'plaintext', '']), version: version(), text: rnd.pick([TEXT, '', '\u0000\uffff', 'x'.repeat(2000)]) } }, request: false },
    { method: 'textDocument/didChange', params: { textDocument: { uri, version: version() }, contentChanges: [{ range: range(), text: rnd.pick(['x', '\n', '', '€😀']) }] }, request: false },
    { method: 'textDocument/didChange', params: { textDocument: { uri, version: version() }, contentChanges: [{ text: TEXT }] }, request: false },
    { method: 'textDocument/didClose', params: { textDocument: { uri } }, request: false },
    { method: 'textDocument/didSave', params: { textDocument: { uri } }, request: false },
    { method: 'textDocument/completion', params: { textDocument: { uri }, position: pos(), context: { triggerKind: 1 } }, request: true },
    { method: 'textDocument/inlineCompletion', params: { textDocument: { uri }, position: pos(), context: { triggerKind: 2 } }, request: true },
    { method: 'textDocument/codeAction', params: { textDocument: { uri }, range: range(), context: { diagnostics: [diagnostic()] } }, request: true },
    { method: 'codeAction/resolve', params: { title: 'Implement total', data: { infill: 'implementStub', uri, name: 'total', start: rnd.int(0, 40) } }, request: true },
    { method: 'workspace/executeCommand', params: { command: rnd.pick(['infill.implementStub', 'infill.fixDiagnostics', 'other']), arguments: [{ infill: 'fixDiagnostics', uri, diagnostics: [diagnostic()] }] }, request: true },
    { method: 'workspace/didChangeConfiguration', params: { settings: { infill: { completion: { maxTokens: rnd.pick([16, -1, 'x', null]) } } } }, request: false },
    { method: '$/cancelRequest', params: { id: rnd.int(1, 50) }, request: false },
    { method: 'textDocument/hover', params: { textDocument: { uri }, position: pos() }, request: true },
    { method: 'fuzz/unknown', params: {}, request: rnd.next() < 0.5 },
  ];
  return rnd.pick(all);
}

/** Something of another type than what was there. */
function junk(rnd: Random): unknown {
  return rnd.pick([null, true, -1, 2 ** 53, 1.5, '', 'x', '../../etc/passwd', [], [1, 'a'], {}, { line: 'a' }, { __proto__: { polluted: true } }, '\u0000', NaN]);
}

/** A copy of `value` with one member removed or replaced, somewhere inside. */
function mutate(value: unknown, rnd: Random): unknown {
  if (typeof value !== 'object' || value === null) return junk(rnd);
  const copy: Record<string, unknown> | unknown[] = Array.isArray(value) ? [...value] : { ...(value as Record<string, unknown>) };
  const keys = Object.keys(copy);
  if (keys.length === 0) return junk(rnd);
  const key = rnd.pick(keys);
  const r = rnd.next();
  if (r < 0.3) delete (copy as Record<string, unknown>)[key];
  else if (r < 0.6) (copy as Record<string, unknown>)[key] = junk(rnd);
  else (copy as Record<string, unknown>)[key] = mutate((copy as Record<string, unknown>)[key], rnd);
  return copy;
}

describe('protocol fuzz', () => {
  it(`${MESSAGES} mutated messages: no crash, no hang, every request answered once with its own id, then normal service`, async () => {
    const { client, fake } = await startSession({ fake: { behavior: { text: 'fuzzed' } } });
    const rnd = seededRandom(SEED);
    let versions = 1;
    const sent = new Map<string, string>();
    for (let i = 0; i < MESSAGES; i++) {
      const base = validMessage(rnd, () => ++versions);
      const r = rnd.next();
      const params = r < 0.5 ? base.params : mutate(base.params, rnd);
      if (r > 0.97) {
        // Bodies that are not JSON-RPC messages at all (the framing stays intact).
        client.writeRaw(rnd.pick(['{', 'null', '[]', '42', '{"jsonrpc":"2.0"}', '{"jsonrpc":"2.0","id":{},"method":"x"}', '{"jsonrpc":"1.0","method":7}']));
        continue;
      }
      if (base.request) {
        const id = rnd.next() < 0.8 ? `n${i}` : i + 1_000_000;
        sent.set(String(id), base.method);
        client.send({ jsonrpc: '2.0', id, method: base.method, params });
      } else {
        client.send({ jsonrpc: '2.0', method: base.method, params });
      }
      // Let the server breathe now and then, as an editor would.
      if (i % 200 === 199) await new Promise((res) => setTimeout(res, 20));
    }
    // Responses to the fuzz's requests (the session's own, such as initialize, have small numeric ids).
    const fuzzId = (id: unknown) => (typeof id === 'string' && id.startsWith('n')) || (typeof id === 'number' && id >= 1_000_000) || (typeof id !== 'string' && typeof id !== 'number');
    const answered = () => client.received.filter((m) => m.method === undefined && m.id !== undefined && m.id !== null && fuzzId(m.id));
    await client.waitFor(() => answered().filter((m) => sent.has(String(m.id))).length >= sent.size, `answers to ${sent.size} requests`, 60_000);
    // Every request once, with its own id; no response to anything we did not send.
    const ids = answered().map((m) => String(m.id));
    expect(ids.filter((id) => !sent.has(id))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(client.exitCode).toBeUndefined();

    // Normal service after the noise.
    client.open('file:///fuzz/after.py', TEXT, 'python');
    const actions = await client.request('textDocument/codeAction', { textDocument: { uri: 'file:///fuzz/after.py' }, range: { start: { line: 1, character: 4 }, end: { line: 1, character: 4 } }, context: { diagnostics: [] } });
    expect(actions.result.map((a: { title: string }) => a.title)).toEqual(['Implement total']);
    // A completion answered as a server that saw no noise answers it.
    const ask = async (c: typeof client) => {
      c.open('file:///fuzz/first.py', 'def first(items):\n    return \n', 'python');
      const r = await c.request('textDocument/completion', { textDocument: { uri: 'file:///fuzz/first.py' }, position: { line: 1, character: 11 } });
      return r.error ?? r.result.items.map((i: { textEdit: unknown }) => i.textEdit);
    };
    fake.setBehavior({ text: 'items[0]' });
    const control = await startSession({ fake: { behavior: { text: 'items[0]' } } });
    const expected = await ask(control.client);
    expect(expected).toEqual([{ range: { start: { line: 1, character: 11 }, end: { line: 1, character: 11 } }, newText: 'items[0]' }]);
    expect(await ask(client)).toEqual(expected);
  }, 120_000);
});
