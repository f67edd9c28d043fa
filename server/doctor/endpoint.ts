// Facts about an endpoint URL that need no network: is it this machine, and is the code
// sent to it encrypted.
import type { Settings } from '../config/settings';
import { sendsPlainTextOffMachine } from '../models/endpointSafety';
import { warn, type CheckResult } from './result';

export function hostOf(endpoint: string): string {
  try {
    return new URL(endpoint).host;
  } catch {
    return endpoint;
  }
}

/** The port a URL connects to, the scheme's default when none is written. */
export function portOf(endpoint: string): string {
  try {
    const url = new URL(endpoint);
    return url.port || (url.protocol === 'https:' ? '443' : '80');
  } catch {
    return '';
  }
}

/** A warning when code would travel unencrypted to another machine; undefined otherwise. */
export function transportCheck(model: Settings['model']): CheckResult | undefined {
  if (!sendsPlainTextOffMachine(model.endpoint)) return undefined;
  const port = portOf(model.endpoint);
  const host = hostOf(model.endpoint).replace(/:\d+$/, '');
  return warn(
    model.name,
    'endpoint',
    `${model.endpoint} is plain http to another host: your code travels unencrypted`,
    `use an https:// endpoint, or an SSH tunnel (ssh -N -L ${port}:127.0.0.1:${port} ${host}) and set infill.model.endpoint to http://127.0.0.1:${port}`,
  );
}
