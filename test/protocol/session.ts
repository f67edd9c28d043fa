import { afterEach } from 'vitest';
import { FakeModelServer, type FakeModelOptions } from '../fake-model';
import { LspClient } from './lspClient';

export interface SessionOptions {
  fake?: FakeModelOptions;
  /** The `infill` settings sent as initializationOptions; the endpoint defaults to the fake's. */
  settings?: Record<string, unknown>;
  capabilities?: object;
  args?: string[];
  env?: NodeJS.ProcessEnv;
  /** More initialize parameters, e.g. `workspaceFolders`. */
  initialize?: object;
}

export interface Session {
  client: LspClient;
  fake: FakeModelServer;
}

const live: Array<{ client: LspClient; fake: FakeModelServer }> = [];

afterEach(async () => {
  for (const { client, fake } of live.splice(0)) {
    client.kill();
    await fake.close();
  }
});

/** A fake model server and the built infill-ls, initialized and pointed at the fake. */
export async function startSession(options: SessionOptions = {}): Promise<Session> {
  const fake = await FakeModelServer.start(options.fake);
  const client = new LspClient(options.args, options.env);
  live.push({ client, fake });
  const settings = {
    ...options.settings,
    // Ollama's own behaviour unless a test asks for another provider (`auto` is tested on its own).
    model: { provider: 'ollama', endpoint: fake.url, ...(options.settings?.model as object | undefined) },
    completion: { debounceMs: 0, ...(options.settings?.completion as object | undefined) },
  };
  await client.initialize(options.capabilities ?? {}, { infill: settings }, undefined, options.initialize);
  return { client, fake };
}

/** Position of the `█` marker in `marked`, and the text without it. */
export function cursor(marked: string): { text: string; line: number; character: number } {
  const offset = marked.indexOf('█');
  const before = marked.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), line, character: offset - (before.lastIndexOf('\n') + 1) };
}
