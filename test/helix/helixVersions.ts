/**
 * What differs between the Helix versions the client reproduces, as data. Facts from
 * ../shared/reference/helix-client.md, read from Helix's source: release 25.07.1 (a05c151b)
 * and master (079a789e).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export type HelixVersion = '25.07.1' | 'master';

export const HELIX_VERSIONS: readonly HelixVersion[] = ['25.07.1', 'master'];

export interface VersionTraits {
  /** helix-loader/build.rs: VERSION_AND_GIT_HASH, "<calver> (<8 hex of the commit>)"; master's Cargo.toml still says 25.7.1. */
  clientVersion: string;
  /** The key of helix-capabilities.json holding the ClientCapabilities client.rs `initialize` sends. */
  capabilitiesKey: string;
  /** After codeAction/resolve, whose command runs: helix-term/src/commands/lsp.rs (25.07.1) runs the listed action's, helix-view/src/action.rs (master) the resolved one's. */
  commandFrom: 'listed' | 'resolved';
  /** window/showMessageRequest: 25.07.1's application.rs has no handler (MethodNotFound); master shows a picker. */
  showMessageRequest: 'methodNotFound' | 'picker';
  /**
   * helix-view/src/editor.rs `close_language_servers`: 25.07.1 `force_shutdown` waits for the
   * shutdown reply, then sends exit, all within 3 s (kill_on_drop after); master writes shutdown
   * and exit without waiting and gives 1 s before the kill.
   */
  shutdown: { kind: 'waitThenExit'; withinMs: 3000 } | { kind: 'together'; graceMs: 1000 };
  /** helix-lsp/src/transport.rs (master): once shutdown is sent, every server request is answered null. */
  nullAfterShutdown: boolean;
  /** Code action order: 25.07.1 sorts each server's list (commands/lsp.rs), master sorts all by priority (action.rs). */
  actionOrder: 'perServer' | 'global';
}

export const TRAITS: Record<HelixVersion, VersionTraits> = {
  '25.07.1': {
    clientVersion: '25.07.1 (a05c151b)',
    capabilitiesKey: 'helix_25.07.1',
    commandFrom: 'listed',
    showMessageRequest: 'methodNotFound',
    shutdown: { kind: 'waitThenExit', withinMs: 3000 },
    nullAfterShutdown: false,
    actionOrder: 'perServer',
  },
  master: {
    clientVersion: '25.07.1 (079a789e)',
    capabilitiesKey: 'helix_master_2026-07-23',
    commandFrom: 'resolved',
    showMessageRequest: 'picker',
    shutdown: { kind: 'together', graceMs: 1000 },
    nullAfterShutdown: true,
    actionOrder: 'global',
  },
};

/** The ClientCapabilities written out from Helix's client.rs (both versions), as the repository keeps them. */
export const CAPABILITIES_FILE = path.resolve(__dirname, '../fixtures/helix/capabilities.json');

/** The exact ClientCapabilities Helix sends, read at test time. */
export function helixCapabilities(version: HelixVersion): Record<string, unknown> {
  const file = CAPABILITIES_FILE;
  const all = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, Record<string, unknown>>;
  const key = TRAITS[version].capabilitiesKey;
  if (!all[key]) throw new Error(`${file} has no ${key}`);
  return all[key];
}
