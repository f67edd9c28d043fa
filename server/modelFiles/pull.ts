// `infill-ls model pull`: a known model, or any GGUF by URL, into the models folder, with its
// progress on stderr; what was downloaded, and how to use it, on stdout.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { downloadUrl, KNOWN_MODELS, knownModel, modelsFolder, sizeText, storedFile } from '../models/modelCatalog';
import { DownloadError, downloadModel, fileSha256, type DownloadProgress } from '../models/modelDownload';
import { progressBar, type ProgressBar, type ProgressOut } from '../reporting/progressBar';
import { pullCommand, type PullSource } from './modelArgs';
import type { ModelIo } from './run';

/** A pull, resolved: what is fetched from where to where, and what the user reads about it. */
interface PullTarget {
  label: string;
  url: string;
  sha256: string;
  destination: string;
  approxBytes?: number;
  /** The command that pulls it again (and resumes). */
  again: string;
  /** How the settings select the file. */
  use: string;
}

/** Returns the exit code: 0 the file is there, 1 the download (or --verify) failed, 2 an unknown model name. */
export async function pullModel(source: PullSource, verify: boolean, io: ModelIo): Promise<number> {
  const target = pullTarget(source, io.env);
  if (!target) {
    const name = 'name' in source ? source.name : '';
    io.err(`infill-ls model: unknown model ${name}; the known models are ${KNOWN_MODELS.map((m) => m.name).join(', ')} (any other GGUF file: infill-ls model pull --url URL --sha256 HEX)\n`);
    return 2;
  }
  if (fs.existsSync(target.destination)) return alreadyThere(target, verify, io);

  io.out(`Downloading ${target.label}${target.approxBytes ? ` (about ${sizeText(target.approxBytes)})` : ''}\n  from ${target.url}\n  to   ${target.destination}\n`);
  const partFile = `${target.destination}.part`;
  const earlier = fileSize(partFile);
  if (earlier > 0) io.out(`  resuming the ${sizeText(earlier)} an earlier pull left\n`);
  const bar = downloadBar(io.progress, target.label);
  try {
    const { bytes, resumed } = await downloadModel(target.url, target.destination, target.sha256, { signal: io.signal, onProgress: bar.show });
    bar.done();
    const note = earlier > 0 && !resumed ? ' (the server sent all of it again)' : '';
    io.out(`Done: ${sizeText(bytes)}${note}, sha256 checked.\n${target.use}\n`);
    return 0;
  } catch (e) {
    bar.done();
    const kept = fileSize(partFile);
    const next = kept > 0 ? `  to resume: ${target.again}` : `  to try again: ${target.again}`;
    if (io.signal.aborted) {
      io.err(`infill-ls model: interrupted; ${kept > 0 ? `the ${sizeText(kept)} received are kept` : 'nothing was received'}.\n${next}\n`);
      return 1;
    }
    if (!(e instanceof DownloadError)) throw e;
    io.err(`infill-ls model: ${e.message}\n${next}\n`);
    return 1;
  }
}

function pullTarget(source: PullSource, env: NodeJS.ProcessEnv): PullTarget | undefined {
  if ('url' in source) {
    const destination = path.join(modelsFolder(env), source.file);
    return {
      label: source.file,
      url: source.url,
      sha256: source.sha256,
      destination,
      again: pullCommand(['--url', source.url, '--sha256', source.sha256, '--file', source.file]),
      use: `Use it with "model.provider": "embedded" and "model.path": ${JSON.stringify(destination)}.`,
    };
  }
  const model = knownModel(source.name);
  if (!model) return undefined;
  return {
    label: model.title,
    url: downloadUrl(model, env),
    sha256: model.sha256,
    destination: storedFile(model, env),
    approxBytes: model.approxBytes,
    again: pullCommand([model.name]),
    use: `infill-ls runs it for "model.name": "${model.name}" with "model.provider": "embedded", or "auto" when no Ollama answers.`,
  };
}

/** A file that is there is not downloaded again; its sha256 (seconds for a large model) is read only when asked. */
async function alreadyThere(target: PullTarget, verify: boolean, io: ModelIo): Promise<number> {
  const size = sizeText(fileSize(target.destination));
  if (!verify) {
    io.out(`${target.label} is already there: ${target.destination} (${size}); --verify checks its sha256.\n`);
    return 0;
  }
  io.out(`Checking the sha256 of ${target.destination} (${size})\n`);
  let actual: string;
  try {
    actual = await fileSha256(target.destination, io.signal);
  } catch (e) {
    io.err(`infill-ls model: ${io.signal.aborted ? 'interrupted' : `cannot read ${target.destination}: ${e instanceof Error ? e.message : String(e)}`}\n`);
    return 1;
  }
  if (actual === target.sha256) {
    io.out('The sha256 matches.\n');
    return 0;
  }
  io.err(`infill-ls model: ${target.destination} is not the expected file: its sha256 is ${actual}, expected ${target.sha256}.\n  delete it, then: ${target.again}\n`);
  return 1;
}

/**
 * The download's progress as a bar: redrawn at each report on a terminal (they come ~100 ms
 * apart), a plain line per tenth elsewhere, so that a log gets about ten lines.
 */
function downloadBar(out: ProgressOut, label: string): { show(progress: DownloadProgress): void; done(): void } {
  let bar: ProgressBar | undefined;
  let barTotal = -1;
  let shownTenth = -1;
  return {
    show({ received, total }: DownloadProgress): void {
      const known = total ?? 0;
      const tenth = known > 0 ? Math.floor((10 * received) / known) : Math.floor(received / 100e6);
      if (!out.isTTY && tenth <= shownTenth) return;
      shownTenth = tenth;
      if (!bar || known !== barTotal) {
        bar = progressBar(out, known, label, (count, all) => (all > 0 ? `${Math.floor((100 * count) / all)}%` : sizeText(count)));
        barTotal = known;
      }
      bar.update(received, known > 0 ? `${sizeText(received)} of ${sizeText(known)}` : '');
    },
    done(): void {
      bar?.done();
    },
  };
}

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}
