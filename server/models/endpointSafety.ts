/** True for localhost, 127.0.0.0/8 and [::1]: traffic that never leaves this machine. */
export function isLoopback(endpoint: string): boolean {
  try {
    return /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i.test(new URL(endpoint).hostname);
  } catch {
    return false;
  }
}

/** Whether an endpoint sends code unencrypted off this machine (plain http to another host). */
export function sendsPlainTextOffMachine(endpoint: string): boolean {
  return endpoint.startsWith('http:') && !isLoopback(endpoint);
}
