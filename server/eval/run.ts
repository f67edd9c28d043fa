// `infill-ls eval implement|complete`: load the settings, list the files, run the evaluation,
// print its table (and write the JSON), and turn it into an exit code.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CommandTrust } from '../config/commandTrust';
import { sectionOf } from '../config/settings';
import { loadDoctorSettings } from '../doctor/loadSettings';
import { completeTable, runEvalComplete, type CompleteReport } from './complete';
import { EVAL_USAGE, parseEvalArgs, type EvalArgs } from './evalArgs';
import { EvalStopped, implementTable, runEvalImplement, type ImplementReport } from './implement';
import type { ProgressOut } from '../reporting/progressBar';
import { projectFiles } from './projectFiles';

export interface EvalIo {
  env: NodeJS.ProcessEnv;
  cwd: string;
  out(text: string): void;
  err(text: string): void;
  /** Where the progress bar goes (stderr, so that stdout holds only the results). */
  progress: ProgressOut;
  /** Aborted on Ctrl-C: the scratch copy is removed on the way out. */
  signal: AbortSignal;
}

/** The JSON file: a section per evaluation that ran. */
interface EvalJson {
  implement?: ImplementReport;
  complete?: CompleteReport;
}

/** Returns the exit code: 0 the evaluation ran (whatever the scores), 1 it could not, 2 a usage mistake. */
export async function runEval(argv: string[], io: EvalIo): Promise<number> {
  const args = parseEvalArgs(argv);
  if ('error' in args) {
    io.err(`infill-ls eval: ${args.error}\n${EVAL_USAGE}\n`);
    return 2;
  }
  if ('help' in args) {
    io.out(`${EVAL_USAGE}\n`);
    return 0;
  }
  const loaded = loadDoctorSettings({ settingsFile: args.settingsFile, json: false, help: false }, io.env, io.cwd);
  for (const r of loaded.results) io.err(`infill-ls eval: ${r.detail}${r.fix ? ` (${r.fix})` : ''}\n`);
  if (loaded.fatal) return 1;
  const files = projectFiles(io.cwd, args.files, { tests: args.command === 'complete' });
  if (files.length === 0) {
    io.err(`infill-ls eval: no source files${args.files.length ? ` match ${args.files.join(' ')}` : ''} in ${io.cwd}\n`);
    return 1;
  }
  try {
    const json: EvalJson = {};
    if (args.command === 'implement') {
      json.implement = await implement(args, files, loaded.settings, io);
      io.out(`${implementTable(json.implement)}\n`);
    } else {
      json.complete = await runEvalComplete(
        { root: io.cwd, files, cases: args.cases, seed: args.seed, settingsSection: settingsSection(args, loaded.sources, io.cwd), serverMain: serverMain() },
        { out: io.out, progress: io.progress },
      );
      for (const m of json.complete.messages) io.err(`infill-ls eval: the server said: ${m}\n`);
      io.out(`${completeTable(json.complete)}\n`);
    }
    if (args.json) fs.writeFileSync(path.resolve(io.cwd, args.json), `${JSON.stringify(json, null, 2)}\n`);
    return 0;
  } catch (e) {
    if (e instanceof EvalStopped) {
      io.err(`infill-ls eval: stopped: ${e.message}\n`);
      return 1;
    }
    if (io.signal.aborted) {
      io.err('infill-ls eval: interrupted\n');
      return 1;
    }
    throw e;
  }
}

function implement(args: EvalArgs, files: string[], settings: ReturnType<typeof loadDoctorSettings>['settings'], io: EvalIo): Promise<ImplementReport> {
  // A check command from a settings file runs only where the user allowed it, as in the editor; --test is typed by the user.
  const trust = new CommandTrust({ env: io.env });
  const checkCommands: Record<string, string[]> = {};
  for (const [languageId, argv] of Object.entries(settings.actions.checkCommands)) {
    if (trust.decision(io.cwd, argv) === 'allowed') checkCommands[languageId] = argv;
    else io.err(`infill-ls eval: not running the check command ${argv.join(' ')} from the settings: it was not allowed for ${io.cwd} (see "Commands from settings" in the README)\n`);
  }
  return runEvalImplement(
    {
      root: io.cwd,
      files,
      functions: args.functions,
      test: args.test!,
      n: args.n,
      k: args.k,
      attempts: args.attempts ?? settings.actions.maxAttempts,
      temperature: args.temperature ?? settings.actions.temperature,
      settings,
      checkCommands,
      signal: io.signal,
    },
    { progress: io.progress, warn: (text) => io.err(`infill-ls eval: ${text}\n`) },
  );
}

/**
 * The settings file's `infill` section as the server reads it from an editor (the server
 * validates it), without the debounce: each case is one request, and the pause an editor
 * waits for typing to stop would only add the same constant to every latency.
 */
function settingsSection(args: EvalArgs, sources: string[], cwd: string): Record<string, unknown> {
  const file = args.settingsFile ?? (sources.includes('.infill.json') ? '.infill.json' : undefined);
  const read = file === undefined ? {} : sectionOf(JSON.parse(fs.readFileSync(path.resolve(cwd, file), 'utf8')));
  const section = typeof read === 'object' && read !== null ? { ...(read as Record<string, unknown>) } : {};
  delete section['completion.debounceMs'];
  const completion = section.completion;
  section.completion = { ...(typeof completion === 'object' && completion !== null ? completion : {}), debounceMs: 0 };
  return section;
}

/** The server to start for completions: the running `infill-ls` (a bundle, where the build made one). */
function serverMain(): string {
  const main = require.main?.filename;
  return main && path.basename(main) === 'main.js' ? main : path.join(__dirname, '..', 'main.js');
}
