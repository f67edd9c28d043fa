import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isInside } from './insideFolder';

export type CheckResult = { ok: true } | { ok: false; output: string };

/** Most characters of a check's output fed back to the model. */
const MAX_OUTPUT = 4000;

/**
 * Runs a user's check command (a compiler, type checker or test) on a candidate: the text
 * is written to a temporary file with the same extension, and the command gets its path
 * where it says `{file}` (argv, never a shell string). The file goes beside the original
 * (so that relative imports resolve) only where the original lies inside a workspace
 * folder the client named; anywhere else it goes to a fresh folder in the system's temp
 * folder, never beside a path a document URI merely names. It is removed afterwards. Fails
 * on a non-zero exit, a timeout or a command that cannot start.
 */
export async function runCheckCommand(
  argv: readonly string[],
  candidate: string,
  originalPath: string,
  timeoutMs: number,
  signal: AbortSignal,
  workspaceFolders: readonly string[] = [],
): Promise<CheckResult> {
  const original = path.resolve(originalPath);
  const ext = path.extname(original);
  const stem = path.basename(original, ext);
  const inWorkspace = workspaceFolders.some((f) => isInside(original, f));
  const dir = inWorkspace ? path.dirname(original) : fs.mkdtempSync(path.join(os.tmpdir(), 'infill-check-'));
  const file = path.join(dir, inWorkspace ? `.${stem}.infill-check-${randomBytes(4).toString('hex')}${ext}` : `${stem}${ext}`);
  fs.writeFileSync(file, candidate);
  try {
    const args = argv.map((a) => a.split('{file}').join(file).split('{original}').join(original));
    const { code, output, timedOut } = await run(args, dir, timeoutMs, signal);
    if (timedOut) return { ok: false, output: `the check command did not finish within ${timeoutMs} ms: ${argv.join(' ')}` };
    if (code === 0) return { ok: true };
    const text = output.split(file).join(original).trim();
    return { ok: false, output: text.length > MAX_OUTPUT ? `${text.slice(0, MAX_OUTPUT)}\n...` : text || `exit status ${code}` };
  } finally {
    fs.rmSync(inWorkspace ? file : dir, { force: true, recursive: true });
  }
}

function run(args: string[], cwd: string, timeoutMs: number, signal: AbortSignal): Promise<{ code: number | null; output: string; timedOut: boolean }> {
  return new Promise((resolve) => {
    let output = '';
    let timedOut = false;
    const child = spawn(args[0], args.slice(1), { cwd, stdio: ['ignore', 'pipe', 'pipe'], signal });
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ code: -1, output: `cannot run ${args[0]}: ${e.message}`, timedOut: false });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output, timedOut });
    });
  });
}
