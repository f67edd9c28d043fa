// `infill-ls model list`: the models folder, the known models (downloaded or not), and the
// other GGUF files and unfinished downloads in the folder.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { KNOWN_MODELS, modelsFolder, sizeText } from '../models/modelCatalog';
import { alignedRow, columnWidths } from '../reporting/columns';
import { pullCommand } from './modelArgs';
import type { ModelIo } from './run';

const PART = '.part';

/** Prints the listing; always exit code 0 (a folder not created yet lists as empty). */
export function listModels(io: Pick<ModelIo, 'env' | 'out'>): number {
  const folder = modelsFolder(io.env);
  const sizes = fileSizes(folder);
  io.out(`models folder: ${folder}${sizes ? '' : ' (not created yet)'}\n`);
  const files = sizes ?? new Map<string, number>();

  io.out('known models:\n');
  const knownRows = KNOWN_MODELS.map((m) => {
    const size = files.get(m.file);
    const part = files.get(m.file + PART);
    const state = size !== undefined ? `downloaded (${sizeText(size)})` : part !== undefined ? partly(part, [m.name]) : 'not downloaded';
    return [m.name, m.title, sizeText(m.approxBytes), state];
  });
  aligned(knownRows).forEach((line) => io.out(`${line}\n`));

  const knownFiles = new Set(KNOWN_MODELS.flatMap((m) => [m.file, m.file + PART]));
  const otherRows = [...files]
    .filter(([name]) => !knownFiles.has(name) && /\.gguf(\.part)?$/i.test(name))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, size]) => [name, name.endsWith(PART) ? partly(size, ['--url', 'URL', '--sha256', 'HEX', '--file', name.slice(0, -PART.length)]) : sizeText(size)]);
  if (otherRows.length > 0) {
    io.out('other files:\n');
    aligned(otherRows).forEach((line) => io.out(`${line}\n`));
  }
  return 0;
}

function partly(size: number, pullArgs: string[]): string {
  return `partly downloaded (${sizeText(size)}), \`${pullCommand(pullArgs)}\` resumes it`;
}

/** The folder's plain files and their sizes; undefined when there is no folder. */
function fileSizes(folder: string): Map<string, number> | undefined {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(folder, { withFileTypes: true });
  } catch {
    return undefined;
  }
  const sizes = new Map<string, number>();
  for (const e of entries) if (e.isFile()) sizes.set(e.name, fs.statSync(path.join(folder, e.name)).size);
  return sizes;
}

/** Rows as indented columns aligned left, the last one not padded. */
function aligned(rows: string[][]): string[] {
  const widths = columnWidths(rows);
  return rows.map((r) => `  ${alignedRow(r, widths, Infinity)}`.trimEnd());
}
