import { ScratchWorkspace } from './scratchWorkspace';
import { runTestCommand } from './testCommand';
import { summarizeTestOutput } from './testOutput';

/** What the user's tests said about a candidate. */
export type TestVerdict =
  | { passed: true }
  | {
      passed: false;
      /** The failing tests' names, as the runner printed them (empty when it did not say, or did not finish). */
      failing: string[];
      /** The problem, fit to feed back to the model: its first line says what failed, the rest is the trimmed output. */
      problem: string;
    };

/** The user's tests, run on candidates for one file (`actions.testCommand`, or `infill-ls eval --test`). */
export interface CandidateTests {
  readonly command: readonly string[];
  /** Runs the tests with `candidate` as the file's text; `name` is what `{function}` stands for. */
  run(candidate: string, name: string, signal: AbortSignal): Promise<TestVerdict>;
  /** Frees what the runs needed (the scratch copy); idempotent. */
  dispose(): void;
}

/**
 * The tests of the project at `root` for the file at `file` (relative to `root`), run in a
 * scratch copy of the project made on the first run (so the user's tree is never touched)
 * and reused for later candidates of the same action; `scratch` is an existing copy to
 * reuse instead (the evaluation makes one for all functions), which dispose leaves alone.
 */
export function candidateTests(
  command: readonly string[],
  where: { root: string; file: string; timeoutMs: number; scratch?: ScratchWorkspace },
): CandidateTests {
  let scratch = where.scratch;
  const owned = !scratch;
  return {
    command,
    async run(candidate, name, signal) {
      scratch ??= ScratchWorkspace.create(where.root);
      scratch.write(where.file, candidate);
      const run = await runTestCommand(command, {
        cwd: scratch.root,
        placeholders: { file: where.file, function: name, root: scratch.root },
        timeoutMs: where.timeoutMs,
        signal,
      });
      if (run.passed) return { passed: true };
      const shown = command.join(' ');
      if (run.startError) return { passed: false, failing: [], problem: `the test command could not start: ${run.startError}` };
      if (run.timedOut) return { passed: false, failing: [], problem: `the tests did not finish within ${where.timeoutMs} ms: ${shown}` };
      const { failing, summary } = summarizeTestOutput(run.output.split(scratch.root).join(where.root), where.file);
      const what = failing.length ? `the tests fail: ${failing.join(', ')}` : `the tests fail (${shown} exited with status ${run.exitCode})`;
      return { passed: false, failing, problem: summary ? `${what}\n${summary}` : what };
    },
    dispose() {
      if (owned) scratch?.dispose();
    },
  };
}
