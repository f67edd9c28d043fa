import type { Settings } from '../config/settings';
import { runChecks } from '../doctor/checks';
import type { CheckResult } from '../doctor/result';
import type { Logger } from './logger';
import { MessageType, type UserMessages } from './userMessages';

/** Soon after start, but not in the way of the first requests. */
const DELAY_MS = 1500;

/**
 * Runs the doctor's checks once, soon after the server starts (none that make a model
 * generate), and shows each failure with its fix. A failure a completion would also hit
 * shares that completion's message key, so the user sees it once, whichever comes first.
 * `offered`: whether the server asked to download the embedded model (then "no backend" is
 * not said again).
 */
export function scheduleStartupCheck(settings: () => Settings, messages: UserMessages, logger: Logger, env: NodeJS.ProcessEnv = process.env, offered: Promise<boolean> = Promise.resolve(false)): void {
  const timer = setTimeout(() => {
    if (!settings().startup.checkModels) return;
    void Promise.all([runChecks(settings(), env, {}, false), offered]).then(
      ([results, asked]) => {
        for (const r of results) {
          // The download offer already told the user that no backend is there.
          if (asked && r.check === 'backend') continue;
          const line = `${r.detail}${r.fix ? ` (fix: ${r.fix})` : ''}`;
          if (r.status === 'FAIL') messages.showOnce(keyOf(r), MessageType.Error, line);
          else if (r.status === 'warn') logger.warn(`check at start: ${line}`);
        }
        logger.info(`check at start: ${results.filter((r) => r.status === 'ok').length} ok, ${results.filter((r) => r.status !== 'ok').length} not`);
      },
      (e: unknown) => logger.warn(`check at start failed: ${e instanceof Error ? e.message : String(e)}`),
    );
  }, DELAY_MS);
  timer.unref();
}

/** The message key a completion failure of the same kind uses (see ModelErrorKind). */
function keyOf(r: CheckResult): string {
  const kind = { reachable: 'unreachable', backend: 'unreachable', model: 'modelMissing', fim: 'noInsert', runtime: 'noRuntime', file: 'modelFile' }[r.check as string];
  return kind ? `model:${kind}` : `startup:${r.check}:${r.model}`;
}
