// The command line of `infill-ls eval`: which evaluation, on which files, how many samples.

export const EVAL_USAGE = `Usage: infill-ls eval implement --test "<command>" [--files <glob>...] [--functions a,b]
                                [-n 10] [-k 1,5,10] [--attempts N] [--temperature T]
                                [--json out.json] [--settings FILE]
       infill-ls eval complete [--files <glob>...] [--cases N] [--seed S]
                               [--json out.json] [--settings FILE]

Evaluates the configured model through infill-ls on your own code, in the current folder.

implement   For each function (bodies of 2 lines or more, or the ones --functions names),
            in a scratch copy of the folder: the tests must pass as it is and fail with the
            body replaced by a stub; then "Implement" runs n times (each run with its own
            attempts and the test output fed back; --attempts 1 measures the raw model), the
            tests run on each result, and pass@k = 1 - C(n-c, k) / C(n, k) is reported per
            function and on average. Your files are never changed.
complete    Fill-in-the-middle cases drawn from your files (the rest of a line, a block to
            the end of its body, a span inside a line), completed by the server as an
            editor would ask: exact match, edit similarity and latency per kind.

Options:
  --test CMD        the command that runs your tests, e.g. "python3 -m unittest"; split like
                    a shell would (quotes), run without a shell; {file}, {function} and {root}
                    stand for the edited file (relative), the function and the copy's root
  --files GLOB...   which files (globs relative to the folder; default: every file with a
                    grammar, test files left out for implement)
  --functions A,B   only these functions, whatever their length
  -n N              samples per function (default 10)
  -k LIST           the k of pass@k (default 1,5,10; a k above n is left out)
  --attempts N      attempts per sample (default: actions.maxAttempts)
  --temperature T   sampling temperature (default: actions.temperature)
  --cases N         completion cases (default 60)
  --seed S          which cases are drawn (default 1)
  --json FILE       also write the results as JSON
  --settings FILE   the settings (the "infill" section, as in the editor; default .infill.json
                    when there is one)
Exit status: 0 when the evaluation ran (whatever the scores), 1 when it could not, 2 for a
mistake on the command line.`;

export interface EvalArgs {
  command: 'implement' | 'complete';
  files: string[];
  functions?: string[];
  test?: string[];
  n: number;
  k: number[];
  attempts?: number;
  temperature?: number;
  cases: number;
  seed: number;
  json?: string;
  settingsFile?: string;
}

export function parseEvalArgs(argv: readonly string[]): EvalArgs | { help: true } | { error: string } {
  if (argv.includes('--help') || argv.includes('-h')) return { help: true };
  const [command, ...rest] = argv;
  if (command !== 'implement' && command !== 'complete') return { error: command ? `unknown evaluation ${command} (implement or complete)` : 'which evaluation? implement or complete' };
  const args: EvalArgs = { command, files: [], n: 10, k: [1, 5, 10], cases: 60, seed: 1 };
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i];
    const value = (): string => {
      const v = rest[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    try {
      if (flag === '--files') {
        // Every argument up to the next flag: a shell expands a glob into many.
        while (rest[i + 1] !== undefined && !rest[i + 1].startsWith('-')) args.files.push(rest[++i]);
        if (args.files.length === 0) throw new UsageError('--files needs at least one glob');
      } else if (command === 'implement' && flag === '--test') args.test = shellWords(value());
      else if (command === 'implement' && flag === '--functions') args.functions = value().split(',').map((f) => f.trim()).filter(Boolean);
      else if (command === 'implement' && flag === '-n') args.n = whole(flag, value(), 1);
      else if (command === 'implement' && flag === '-k') args.k = value().split(',').map((k) => whole(flag, k.trim(), 1));
      else if (command === 'implement' && flag === '--attempts') args.attempts = whole(flag, value(), 1, 10);
      else if (command === 'implement' && flag === '--temperature') args.temperature = number(flag, value(), 0, 2);
      else if (command === 'complete' && flag === '--cases') args.cases = whole(flag, value(), 1);
      else if (command === 'complete' && flag === '--seed') args.seed = whole(flag, value(), 0);
      else if (flag === '--json') args.json = value();
      else if (flag === '--settings') args.settingsFile = value();
      else return { error: `unknown option ${flag} for eval ${command}` };
    } catch (e) {
      if (e instanceof UsageError) return { error: e.message };
      throw e;
    }
  }
  if (command === 'implement' && (!args.test || args.test.length === 0)) return { error: 'eval implement needs --test "<the command that runs your tests>"' };
  return args;
}

class UsageError extends Error {}

function whole(flag: string, text: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max) throw new UsageError(`${flag} needs a whole number from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ' up'}, not ${JSON.stringify(text)}`);
  return n;
}

function number(flag: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n < min || n > max) throw new UsageError(`${flag} needs a number from ${min} to ${max}, not ${JSON.stringify(text)}`);
  return n;
}

/** Splits a command line as a POSIX shell would split words: quotes and backslashes, no expansion. */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new UsageError(`unterminated ' in ${JSON.stringify(line)}`);
      word += line.slice(i + 1, end);
      i = end;
      inWord = true;
    } else if (c === '"') {
      i++;
      for (; i < line.length && line[i] !== '"'; i++) {
        // Inside double quotes a backslash escapes only these (POSIX).
        if (line[i] === '\\' && '"\\$`'.includes(line[i + 1] ?? '')) i++;
        word += line[i];
      }
      if (i >= line.length) throw new UsageError(`unterminated " in ${JSON.stringify(line)}`);
      inWord = true;
    } else if (c === '\\' && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}
