import { spawnSync } from 'node:child_process';

/**
 * Whether an editor binary is on PATH. CI installs every editor (.ci/run sets
 * INFILL_REQUIRE_EDITORS=1, so a missing one fails there instead of skipping).
 */
export function editorAvailable(binary: string): boolean {
  const found = spawnSync('sh', ['-c', `command -v ${binary}`]).status === 0;
  if (!found && process.env.INFILL_REQUIRE_EDITORS === '1') {
    throw new Error(`${binary} is required for the real-editor tests but is not installed (see .ci/run)`);
  }
  if (!found) console.warn(`skipping the ${binary} tests: ${binary} is not installed (.ci/run installs it)`);
  return found;
}
