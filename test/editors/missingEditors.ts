import { spawnSync } from 'node:child_process';

/** The editors the real-editor suites drive, by binary. */
export const EDITORS = ['nvim', 'emacs', 'vim'] as const;

export function onPath(binary: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${binary}`]).status === 0;
}

/**
 * Vitest global setup: one line, once per run, naming the editors whose suites are skipped
 * on this machine (each suite skips itself; CI, with INFILL_REQUIRE_EDITORS=1, fails instead).
 */
export default function reportMissingEditors(): void {
  const missing = EDITORS.filter((e) => !onPath(e));
  if (missing.length && process.env.INFILL_REQUIRE_EDITORS !== '1') {
    console.warn(`skipping the real-editor tests of ${missing.join(', ')}: not installed here (.ci/run installs them with apt-get)`);
  }
}
