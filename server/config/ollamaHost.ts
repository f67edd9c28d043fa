/**
 * Turns an `OLLAMA_HOST` value into the URL a client connects to, following the
 * rules of Ollama's own `envconfig.Host()` plus its `ConnectableHost` (unspecified
 * bind addresses become loopback). ollama-js does not read `OLLAMA_HOST`, so we must.
 */
export const DEFAULT_OLLAMA_URL = 'http://127.0.0.1:11434';
const DEFAULT_PORT = '11434';

export function parseOllamaHost(raw: string | undefined): string {
  const value = (raw ?? '').trim().replace(/^["']+|["']+$/g, '').trim();
  if (value === '') return DEFAULT_OLLAMA_URL;

  let scheme = 'http';
  let rest = value;
  let defaultPort = DEFAULT_PORT;
  const schemeMatch = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(value);
  if (schemeMatch) {
    scheme = schemeMatch[1].toLowerCase();
    rest = value.slice(schemeMatch[0].length);
    // An explicit scheme without a port means that scheme's own port, as in Ollama.
    defaultPort = scheme === 'https' ? '443' : '80';
  } else if (value === 'ollama.com' || value.startsWith('ollama.com/') || value.startsWith('ollama.com:')) {
    scheme = 'https';
    defaultPort = '443';
  }

  const slash = rest.indexOf('/');
  const hostPort = slash >= 0 ? rest.slice(0, slash) : rest;
  const path = slash >= 0 ? rest.slice(slash).replace(/\/+$/, '') : '';

  let host: string;
  let port: string | undefined;
  if (hostPort.startsWith('[')) {
    const close = hostPort.indexOf(']');
    host = hostPort.slice(0, close + 1);
    const after = hostPort.slice(close + 1);
    port = after.startsWith(':') ? after.slice(1) : undefined;
  } else if ((hostPort.match(/:/g) ?? []).length > 1) {
    host = `[${hostPort}]`; // a bare IPv6 address such as ::1
  } else {
    const colon = hostPort.lastIndexOf(':');
    host = colon >= 0 ? hostPort.slice(0, colon) : hostPort;
    port = colon >= 0 ? hostPort.slice(colon + 1) : undefined;
  }

  if (port !== undefined) {
    const n = Number(port);
    // Ollama falls back to its default port for an invalid one.
    if (!/^\d+$/.test(port) || n < 0 || n > 65535) port = DEFAULT_PORT;
  }
  if (host === '' || host === '0.0.0.0') host = '127.0.0.1';
  if (host === '[::]') host = '[::1]';
  return `${scheme}://${host}:${port ?? defaultPort}${path}`;
}
