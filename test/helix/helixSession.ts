import { afterEach } from 'vitest';
import { FakeModelServer, type FakeModelOptions } from '../fake-model';
import { HelixClient } from './helixClient';
import type { HelixVersion } from './helixVersions';
import type { LanguageServer } from './languageServer';

/** Sessions to end after each test. */
export const live: Array<{ helix: HelixClient; fake?: FakeModelServer }> = [];

afterEach(async () => {
  for (const { helix, fake } of live.splice(0)) {
    helix.kill();
    await fake?.close();
  }
});

export interface Start {
  version: HelixVersion;
  fake?: FakeModelOptions;
  /** The `infill` settings, besides the fake's endpoint, debounce 0 and no startup check. */
  settings?: Record<string, any>;
  /** Where the model is, when not at the fake. */
  endpoint?: string;
  others?: LanguageServer[];
  timeoutMs?: number;
  /** A document opened before the servers start: [uri, languageId, text with █ at the cursor]. */
  open?: [string, string, string];
}

/** A Helix session with infill-ls configured in languages.toml (`config = { infill = {...} }`) and pointed at a fake model. */
export async function startHelix(start: Start) {
  const fake = start.endpoint ? undefined : await FakeModelServer.start(start.fake);
  const settings = start.settings ?? {};
  const config = {
    infill: {
      ...settings,
      model: { endpoint: start.endpoint ?? fake!.url, ...settings.model },
      completion: { debounceMs: 0, ...settings.completion },
      startup: { checkModels: false },
    },
  };
  const helix = new HelixClient({ version: start.version, config, others: start.others, timeoutMs: start.timeoutMs });
  live.push({ helix, fake });
  if (start.open) helix.open(...start.open);
  await helix.start();
  return { helix, fake: fake!, config };
}
