// The server's LSP writer: one write per message, framed as the base protocol says.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Message } from 'vscode-languageserver/node';
import { WholeMessageWriter } from '../../server/protocol/messageWriter';

/** A stream that keeps each write as it came, or fails every write with `failure`. */
function capture(failure?: Error): { stream: Writable; writes: string[] } {
  const writes: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      writes.push(chunk.toString('utf8'));
      callback(failure);
    },
  });
  return { stream, writes };
}

describe('WholeMessageWriter', () => {
  it('writes each message once, header and body together, its length in UTF-8 bytes', async () => {
    const { stream, writes } = capture();
    const writer = new WholeMessageWriter(stream);
    const first = { jsonrpc: '2.0', id: 1, result: { items: [{ label: 'x = "é𝚥"' }] } } as Message;
    const second = { jsonrpc: '2.0', method: 'window/logMessage', params: { type: 3, message: 'ok' } } as Message;
    await writer.write(first);
    await writer.write(second);
    const firstJson = '{"jsonrpc":"2.0","id":1,"result":{"items":[{"label":"x = \\"é𝚥\\""}]}}';
    expect(writes).toEqual([
      `Content-Length: 72\r\n\r\n${firstJson}`,
      'Content-Length: 81\r\n\r\n{"jsonrpc":"2.0","method":"window/logMessage","params":{"type":3,"message":"ok"}}',
    ]);
    expect(firstJson.length).toBe(69); // é: 2 bytes in 1 UTF-16 unit, 𝚥: 4 bytes in 2
  });

  it('keeps the order of writes made without waiting', async () => {
    const { stream, writes } = capture();
    const writer = new WholeMessageWriter(stream);
    await Promise.all([1, 2, 3].map((id) => writer.write({ jsonrpc: '2.0', id, result: null } as Message)));
    expect(writes.map((w) => JSON.parse(w.slice(w.indexOf('\r\n\r\n') + 4)).id)).toEqual([1, 2, 3]);
  });

  it('rejects a write the stream refuses, and tells the connection with the message and a count', async () => {
    const failure = new Error('EPIPE');
    const { stream } = capture(failure);
    stream.on('error', () => undefined); // the writer listens too; this keeps the test's own stream quiet
    const writer = new WholeMessageWriter(stream);
    const seen: unknown[] = [];
    writer.onError((e) => seen.push(e));
    const message = { jsonrpc: '2.0', id: 7, result: null } as Message;
    await expect(writer.write(message)).rejects.toBe(failure);
    expect(seen[0]).toEqual([failure, message, 1]);
  });

  it('says when the stream closes', async () => {
    const { stream } = capture();
    const writer = new WholeMessageWriter(stream);
    const closed = new Promise<void>((resolve) => writer.onClose(() => resolve()));
    writer.end();
    await closed;
  });
});
