// `infill-ls doctor`: load the settings, run the checks, print them as they come (or as JSON
// at the end), and turn them into an exit code.
import { defaultProviderHost } from '../models/createProvider';
import { parseDoctorArgs, DOCTOR_USAGE } from './args';
import { runChecks } from './checks';
import { loadDoctorSettings } from './loadSettings';
import { exitCodeOf, jsonReport, resultLines, sectionLine, sourcesLine, summaryLine } from './report';
import type { CheckResult } from './result';

export interface DoctorIo {
  env: NodeJS.ProcessEnv;
  cwd: string;
  out(text: string): void;
  err(text: string): void;
}

/** Returns the exit code: 0 all ok (warnings allowed), 1 a check failed, 2 a usage mistake. */
export async function runDoctor(argv: string[], io: DoctorIo): Promise<number> {
  const args = parseDoctorArgs(argv);
  if ('error' in args) {
    io.err(`infill-ls doctor: ${args.error}\n${DOCTOR_USAGE}\n`);
    return 2;
  }
  if (args.help) {
    io.out(`${DOCTOR_USAGE}\n`);
    return 0;
  }
  const loaded = loadDoctorSettings(args, io.env, io.cwd);
  const text = (line: string): void => {
    if (!args.json) io.out(`${line}\n`);
  };
  text(sourcesLine(loaded.sources));
  for (const r of loaded.results) resultLines(r).forEach(text);

  let checks: CheckResult[] = [];
  if (!loaded.fatal) {
    checks = await runChecks(loaded.settings, io.env, {
      section: (target) => text(sectionLine(target)),
      result: (r) => resultLines(r).forEach(text),
    });
  }
  // A loaded embedded model and its runtime would keep the process alive.
  await defaultProviderHost().embedded.disposeAll();
  const all = [...loaded.results, ...checks];
  if (args.json) io.out(`${jsonReport(all)}\n`);
  else text(summaryLine(all));
  return exitCodeOf(all);
}
