import { describe, expect, it } from 'vitest';
import { parseOllamaHost } from '../../server/config/ollamaHost';

// The table of Ollama's own envconfig tests (model-apis.md §1.1), as a client connects.
const CASES: Array<[string | undefined, string]> = [
  [undefined, 'http://127.0.0.1:11434'],
  ['', 'http://127.0.0.1:11434'],
  ['1.2.3.4', 'http://1.2.3.4:11434'],
  [':1234', 'http://127.0.0.1:1234'],
  ['1.2.3.4:1234', 'http://1.2.3.4:1234'],
  ['example.com', 'http://example.com:11434'],
  ['example.com:1234', 'http://example.com:1234'],
  ['[::1]', 'http://[::1]:11434'],
  ['::1', 'http://[::1]:11434'],
  ['[::1]:1337', 'http://[::1]:1337'],
  [' "1.2.3.4" ', 'http://1.2.3.4:11434'],
  ["'1.2.3.4'", 'http://1.2.3.4:11434'],
  ['http://1.2.3.4', 'http://1.2.3.4:80'],
  ['https://1.2.3.4', 'https://1.2.3.4:443'],
  ['https://example.com/ollama', 'https://example.com:443/ollama'],
  ['https://example.com/ollama/', 'https://example.com:443/ollama'],
  ['ollama.com', 'https://ollama.com:443'],
  [':66000', 'http://127.0.0.1:11434'],
  [':-1', 'http://127.0.0.1:11434'],
  ['0.0.0.0', 'http://127.0.0.1:11434'],
  ['0.0.0.0:8080', 'http://127.0.0.1:8080'],
  ['[::]:8080', 'http://[::1]:8080'],
];

describe('parseOllamaHost', () => {
  it.each(CASES)('%j -> %s', (input, expected) => {
    expect(parseOllamaHost(input)).toBe(expected);
  });
});
