// The command line of `infill-ls model`: which command, which file; no side effects.
import { DEFAULT_EMBEDDED_MODEL, KNOWN_MODELS, sizeText } from '../models/modelCatalog';

const NAME_WIDTH = Math.max(...KNOWN_MODELS.map((m) => m.name.length));

export const MODEL_USAGE = `Usage: infill-ls model pull [NAME] [--verify]
       infill-ls model pull --url URL --sha256 HEX [--file NAME.gguf] [--verify]
       infill-ls model list

Downloads the GGUF files of the embedded backend (provider "embedded", or "auto" when no
Ollama answers) into the models folder: $XDG_CACHE_HOME/infill-ls/models, else
~/.cache/infill-ls/models. A download is checked against its sha256; one that stopped
(Ctrl-C, a lost connection) resumes where it stopped on the next pull.

pull [NAME]   download a known model (default ${DEFAULT_EMBEDDED_MODEL.name})
pull --url    download any GGUF file; set "model.path" to it to use it
list          the models folder, the known models, and the other files there

Known models:
${KNOWN_MODELS.map((m) => `  ${m.name.padEnd(NAME_WIDTH)}  ${m.title}, ${sizeText(m.approxBytes)}`).join('\n')}

Options:
  --verify        check the sha256 of a file that is already there (reads all of it)
  --url URL       the file to download (http or https)
  --sha256 HEX    its SHA-256, 64 hex digits (required with --url)
  --file NAME     its name in the models folder (default: the URL's last part)
  --help          print this help
Exit status: 0 done, 1 the download failed (the same command again resumes it), 2 a
mistake on the command line.
Environment: XDG_CACHE_HOME moves the models folder; HF_ENDPOINT names a Hugging Face mirror.`;

/** A known model by name, or any file by URL. */
export type PullSource = { name: string } | { url: string; sha256: string; file: string };

export type ModelArgs = { command: 'pull'; source: PullSource; verify: boolean } | { command: 'list' };

const VALUE_FLAGS = new Set(['--url', '--sha256', '--file']);

/** The parsed arguments, `help`, or the mistake in them. */
export function parseModelArgs(argv: readonly string[]): ModelArgs | { help: true } | { error: string } {
  if (argv.includes('--help') || argv.includes('-h')) return { help: true };
  const [command, ...rest] = argv;
  if (command === 'list') return rest.length === 0 ? { command } : { error: `unexpected argument ${rest[0]}` };
  if (command !== 'pull') return { error: command ? `unknown command ${command} (pull or list)` : 'which command? pull or list' };

  const names: string[] = [];
  const values: Record<string, string> = {};
  let verify = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const eq = arg.indexOf('=');
    const flag = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    if (arg === '--verify') verify = true;
    else if (VALUE_FLAGS.has(flag)) {
      const value = flag !== arg ? arg.slice(eq + 1) : rest[++i];
      if (value === undefined || value === '' || value.startsWith('--')) return { error: `${flag} needs a value` };
      values[flag] = value;
    } else if (arg.startsWith('-')) return { error: `unknown option ${arg}` };
    else names.push(arg);
  }
  if (names.length > 1) return { error: `one model at a time (got ${names.join(', ')})` };
  const url = values['--url'];
  if (url === undefined) {
    if (values['--sha256'] !== undefined || values['--file'] !== undefined) return { error: '--sha256 and --file go with --url' };
    return { command, source: { name: names[0] ?? DEFAULT_EMBEDDED_MODEL.name }, verify };
  }
  if (names.length > 0) return { error: `a model name or --url, not both (got ${names[0]} and --url)` };
  const sha256 = values['--sha256'];
  if (sha256 === undefined) return { error: '--url needs --sha256: the checksum is how a broken or wrong download is noticed' };
  if (!/^[0-9a-f]{64}$/i.test(sha256)) return { error: `--sha256 needs 64 hex digits (got ${sha256})` };
  if (!/^https?:\/\//i.test(url) || !URL.canParse(url)) return { error: `--url needs an http:// or https:// URL (got ${url})` };
  const file = values['--file'] ?? urlFileName(url);
  if (!/^[^/\\]+\.gguf$/i.test(file) || file.startsWith('.')) {
    return { error: values['--file'] ? `--file needs a file name ending in .gguf (got ${file})` : `the URL does not end in a .gguf file name; name the file with --file NAME.gguf` };
  }
  return { command, source: { url, sha256: sha256.toLowerCase(), file }, verify };
}

/** The URL path's last part (`?download=true` and the like left out). */
function urlFileName(url: string): string {
  const last = new URL(url).pathname.split('/').pop() ?? '';
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/** `infill-ls model pull ARGS` as a shell line to copy: arguments with characters a shell treats specially are quoted. */
export function pullCommand(args: readonly string[]): string {
  return ['infill-ls', 'model', 'pull', ...args.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`))].join(' ');
}
