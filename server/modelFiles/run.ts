// `infill-ls model pull|list`: the embedded backend's model files, downloaded into and listed
// from the models folder.
import type { ProgressOut } from '../reporting/progressBar';
import { listModels } from './list';
import { MODEL_USAGE, parseModelArgs } from './modelArgs';
import { pullModel } from './pull';

export interface ModelIo {
  env: NodeJS.ProcessEnv;
  out(text: string): void;
  err(text: string): void;
  /** Where the download's progress bar goes (stderr, so that stdout holds only what was done). */
  progress: ProgressOut;
  /** Aborted on Ctrl-C: the download stops, and its part file stays for the next pull to resume. */
  signal: AbortSignal;
}

/** Returns the exit code: 0 done, 1 a download failed, 2 a usage mistake. */
export async function runModelCommand(argv: string[], io: ModelIo): Promise<number> {
  const args = parseModelArgs(argv);
  if ('error' in args) {
    io.err(`infill-ls model: ${args.error}\n${MODEL_USAGE}\n`);
    return 2;
  }
  if ('help' in args) {
    io.out(`${MODEL_USAGE}\n`);
    return 0;
  }
  if (args.command === 'list') return listModels(io);
  return pullModel(args.source, args.verify, io);
}
