// What one doctor check found, as plain data: the CLI prints it, and the server could show it.

/** `warn` does not fail the doctor; `FAIL` does (exit code 1). */
export type CheckStatus = 'ok' | 'warn' | 'FAIL';

export type CheckName = 'settings' | 'backend' | 'endpoint' | 'reachable' | 'runtime' | 'apiKey' | 'model' | 'file' | 'fim' | 'completion' | 'chat';

export interface CheckResult {
  /** The model the check is about; null for checks of the settings themselves. */
  model: string | null;
  check: CheckName;
  status: CheckStatus;
  /** What was found, in one line. */
  detail: string;
  /** The exact command or setting that fixes a FAIL (or a warn); null when nothing is to be done. */
  fix: string | null;
}

export function ok(model: string | null, check: CheckName, detail: string): CheckResult {
  return { model, check, status: 'ok', detail, fix: null };
}

export function warn(model: string | null, check: CheckName, detail: string, fix: string | null = null): CheckResult {
  return { model, check, status: 'warn', detail, fix };
}

export function fail(model: string | null, check: CheckName, detail: string, fix: string): CheckResult {
  return { model, check, status: 'FAIL', detail, fix };
}
