import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';

export interface TestRun {
  /** Exit status 0, not timed out, not aborted. */
  passed: boolean;
  timedOut: boolean;
  exitCode: number | null;
  /** stdout and stderr interleaved as they came; at most the last MAX_OUTPUT characters. */
  output: string;
  /** Set when the command could not start (e.g. `cannot run pytestx: spawn pytestx ENOENT`). */
  startError?: string;
}

export interface TestCommandOptions {
  cwd: string;
  placeholders: { file: string; function: string; root: string };
  timeoutMs: number;
  signal: AbortSignal;
  env?: Record<string, string>;
  /** Told the process id (also its group's) once the command started: for tests. */
  onSpawn?: (pid: number) => void;
}

/** Most characters of a run's output kept: its end, where test runners print their summary. */
const MAX_OUTPUT = 200_000;

/** How long the pipes may stay open once the group is gone: a process that left the group may hold them. */
const CLOSE_GRACE_MS = 2000;

/** Longest delay setTimeout takes (a longer one fires at once). */
const MAX_TIMER_MS = 2 ** 31 - 1;

const PLACEHOLDER = /\{(file|function|root)\}/g;

/**
 * Runs a test command (argv, no shell) in `cwd` with `{file}`, `{function}` and `{root}`
 * replaced in every argument. It runs in its own process group, killed on timeout, on
 * abort and once the command exits, so that nothing it left running in the background
 * outlives it or keeps the pipes open. Python writes no bytecode next to the sources (which
 * may be reached through links into the user's tree), and CI=1 keeps runners out of watch
 * mode. Never rejects: a command that cannot start gives `startError`.
 */
export function runTestCommand(argv: readonly string[], options: TestCommandOptions): Promise<TestRun> {
  const args = argv.map((arg) => arg.replace(PLACEHOLDER, (_, name: keyof TestCommandOptions['placeholders']) => options.placeholders[name]));
  if (args.length === 0) return Promise.resolve(notRun('the test command is empty'));
  if (options.signal.aborted) return Promise.resolve(notRun());
  return new Promise((resolve) => {
    let child: ChildProcess;
    try {
      child = spawn(args[0], args.slice(1), {
        cwd: options.cwd,
        env: testEnv(options),
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: process.platform !== 'win32',
        windowsHide: true,
      });
    } catch (e) {
      resolve(notRun(`cannot run ${args[0]}: ${(e as Error).message}`));
      return;
    }
    watch(child, options, resolve, args[0]);
  });
}

/** Collects a started command's output and settles once its pipes close (or it could not start). */
function watch(child: ChildProcess, options: TestCommandOptions, resolve: (run: TestRun) => void, command: string): void {
  let output = '';
  let timedOut = false;
  let aborted = false;
  let exitCode: number | null = null;
  let settled = false;
  let grace: NodeJS.Timeout | undefined;

  const append = (chunk: string) => {
    output += chunk;
    if (output.length > 2 * MAX_OUTPUT) output = output.slice(-MAX_OUTPUT);
  };
  const onAbort = () => {
    aborted = true;
    killGroup(child);
  };
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup(child);
  }, Math.min(options.timeoutMs, MAX_TIMER_MS));
  const settle = (startError?: string) => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    clearTimeout(grace);
    options.signal.removeEventListener('abort', onAbort);
    if (startError !== undefined) return resolve(notRun(startError));
    resolve({ passed: exitCode === 0 && !timedOut && !aborted, timedOut, exitCode, output: output.slice(-MAX_OUTPUT) });
  };

  options.signal.addEventListener('abort', onAbort, { once: true });
  child.stdout!.setEncoding('utf8').on('data', append);
  child.stderr!.setEncoding('utf8').on('data', append);
  child.on('error', (e) => {
    // Only a spawn failure leaves no pid; a later error (a failed kill) changes nothing.
    if (child.pid === undefined) settle(`cannot run ${command}: ${e.message}`);
  });
  child.on('exit', (code) => {
    exitCode = code;
    clearTimeout(timer);
    // What it left in the background goes with it (and lets go of the pipes).
    killGroup(child);
    grace = setTimeout(() => {
      child.stdout!.destroy();
      child.stderr!.destroy();
      settle();
    }, CLOSE_GRACE_MS);
  });
  child.on('close', () => settle());
  if (child.pid !== undefined) options.onSpawn?.(child.pid);
}

/** SIGKILL to the command's whole process group; Windows has none, so only the command. */
function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    if (process.platform === 'win32') child.kill();
    else process.kill(-child.pid, 'SIGKILL');
  } catch {
    // The group is gone already.
  }
}

/** The command's environment: the server's, the caller's, then what keeps the run out of the user's tree and out of watch mode. */
function testEnv(options: TestCommandOptions): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...options.env,
    PYTHONDONTWRITEBYTECODE: '1',
    PYTHONPYCACHEPREFIX: path.join(path.resolve(options.cwd), '.infill-pycache'),
    CI: '1',
  };
}

function notRun(startError?: string): TestRun {
  return { passed: false, timedOut: false, exitCode: null, output: '', ...(startError === undefined ? {} : { startError }) };
}
