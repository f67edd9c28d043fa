import type { BodyReader } from './httpFetch';

/**
 * Reads a text/event-stream body: events are separated by a blank line (`\n` or `\r\n`),
 * `:` lines are comments (llama.cpp's pings), and the `data:` lines of an event are its
 * payload (one leading space removed). Yields each event's data; bytes split anywhere
 * (inside a line, inside a UTF-8 character) are joined first.
 */
export async function* readSseData(body: { getReader(): BodyReader }): AsyncIterable<string> {
  const decoder = new TextDecoder();
  let buffer = '';
  let data: string[] = [];
  const reader = body.getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl).replace(/\r$/, '');
        buffer = buffer.slice(nl + 1);
        if (line === '') {
          if (data.length) yield data.join('\n');
          data = [];
        } else if (line.startsWith('data:')) {
          data.push(line.slice(5).replace(/^ /, ''));
        }
        // `event:`, `id:`, `retry:` and `:` comments carry nothing we use.
      }
      if (done) {
        const last = buffer.replace(/\r$/, '');
        if (last.startsWith('data:')) data.push(last.slice(5).replace(/^ /, ''));
        if (data.length) yield data.join('\n');
        return;
      }
    }
  } finally {
    reader.releaseLock();
  }
}
