import { onPath } from './missingEditors';

/**
 * Whether an editor binary is on PATH. CI installs every editor (.ci/run sets
 * INFILL_REQUIRE_EDITORS=1, so a missing one fails there instead of skipping).
 */
export function editorAvailable(binary: string): boolean {
  const found = onPath(binary);
  if (!found && process.env.INFILL_REQUIRE_EDITORS === '1') {
    throw new Error(`${binary} is required for the real-editor tests but is not installed (see .ci/run)`);
  }
  // The one line saying so is printed once per run (missingEditors.ts, the global setup).
  return found;
}
