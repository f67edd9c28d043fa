import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { runTestCommand, type TestCommandOptions } from '../../server/actions/testCommand';

/**
 * Running the user's test command on a candidate: argv with placeholders, output and exit
 * status captured, and the command's whole process group gone when the run is over, however
 * it ended (a finished command, a timeout, an abort).
 */

const cwd = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'infill-testcommand-')));
afterAll(() => fs.rmSync(cwd, { recursive: true, force: true }));

function options(overrides: Partial<TestCommandOptions> = {}): TestCommandOptions {
  return {
    cwd,
    placeholders: { file: 'src/cart.py', function: 'total', root: '/project' },
    timeoutMs: 20_000,
    signal: new AbortController().signal,
    ...overrides,
  };
}

/** A node script as argv (the test suite's own node: present wherever the tests run). */
function node(script: string, ...args: string[]): string[] {
  return [process.execPath, '-e', script, ...args];
}

/** Whether any process of the group `pid` leads is alive (a zombie not yet reaped by init counts until it is). */
function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw e;
  }
}

async function expectGroupGone(pid: number | undefined): Promise<void> {
  expect(pid).toBeTypeOf('number');
  await vi.waitFor(() => expect(groupAlive(pid!)).toBe(false), { timeout: 10_000, interval: 50 });
}

describe('runTestCommand', () => {
  it('replaces {file}, {function} and {root} in every argument, inside one and several times, once', async () => {
    const run = await runTestCommand(
      node('console.log(JSON.stringify(process.argv.slice(1)))', '{file}', 'x{function}y{function}', '--root={root}', '{other}', '{file'),
      options({ placeholders: { file: 'src/a b.py', function: '$&{root}', root: '/r' } }),
    );
    expect(run).toEqual({ passed: true, timedOut: false, exitCode: 0, output: `${JSON.stringify(['src/a b.py', 'x$&{root}y$&{root}', '--root=/r', '{other}', '{file'])}\n` });
  });

  it('gives the exit status and both streams\' output', async () => {
    const run = await runTestCommand(node('process.stdout.write("out\\n"); process.stderr.write("err\\n"); process.exitCode = 3'), options());
    expect(run).toEqual({ passed: false, timedOut: false, exitCode: 3, output: expect.any(String) });
    expect(run.output.split('\n').sort()).toEqual(['', 'err', 'out']);
  });

  it('runs in cwd with the caller\'s env, no Python bytecode and CI=1', async () => {
    const script = 'const e = process.env; console.log(JSON.stringify([process.cwd(), e.INFILL_EXTRA, e.PYTHONDONTWRITEBYTECODE, e.PYTHONPYCACHEPREFIX, e.CI, e.PATH === undefined]))';
    const run = await runTestCommand(node(script), options({ env: { INFILL_EXTRA: 'yes', CI: 'false', PYTHONDONTWRITEBYTECODE: '' } }));
    expect(JSON.parse(run.output)).toEqual([cwd, 'yes', '1', path.join(cwd, '.infill-pycache'), '1', false]);
  });

  it('keeps the last 200,000 characters of the output', async () => {
    const run = await runTestCommand(node('process.stdout.write("a".repeat(150000)); process.stdout.write("b".repeat(150000))'), options());
    expect(run.passed).toBe(true);
    expect(run.output).toBe('a'.repeat(50_000) + 'b'.repeat(150_000));
  });

  it('gives startError for a command that does not exist, and never a pid', async () => {
    const onSpawn = vi.fn();
    const run = await runTestCommand(['infill-no-such-command', '{file}'], options({ onSpawn }));
    expect(run).toEqual({
      passed: false,
      timedOut: false,
      exitCode: null,
      output: '',
      startError: 'cannot run infill-no-such-command: spawn infill-no-such-command ENOENT',
    });
    expect(onSpawn).not.toHaveBeenCalled();
  });

  it('gives startError for an empty command', async () => {
    expect(await runTestCommand([], options())).toEqual({ passed: false, timedOut: false, exitCode: null, output: '', startError: 'the test command is empty' });
  });

  it('runs nothing when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const onSpawn = vi.fn();
    expect(await runTestCommand(node('console.log(1)'), options({ signal: controller.signal, onSpawn }))).toEqual({ passed: false, timedOut: false, exitCode: null, output: '' });
    expect(onSpawn).not.toHaveBeenCalled();
  });
});

describe.skipIf(process.platform === 'win32')('runTestCommand and the process group', () => {
  it('kills the whole group at the timeout, a backgrounded grandchild included', async () => {
    let pid: number | undefined;
    const run = await runTestCommand(['sh', '-c', 'sleep 60 & sleep 60; wait'], options({ timeoutMs: 500, onSpawn: (p) => (pid = p) }));
    expect(run).toEqual({ passed: false, timedOut: true, exitCode: null, output: '' });
    await expectGroupGone(pid);
  });

  it('resolves once the command exits though a background child holds its stdout, and kills that child', async () => {
    let pid: number | undefined;
    const run = await runTestCommand(['sh', '-c', 'sleep 60 & echo done'], options({ onSpawn: (p) => (pid = p) }));
    expect(run).toEqual({ passed: true, timedOut: false, exitCode: 0, output: 'done\n' });
    await expectGroupGone(pid);
  });

  it('resolves with passed false when aborted mid-run, the group killed', async () => {
    const controller = new AbortController();
    let pid: number | undefined;
    const onSpawn = (p: number) => {
      pid = p;
      controller.abort();
    };
    const run = await runTestCommand(['sh', '-c', 'sleep 60 & sleep 60; wait'], options({ signal: controller.signal, onSpawn }));
    expect(run).toEqual({ passed: false, timedOut: false, exitCode: null, output: '' });
    await expectGroupGone(pid);
  });
});
