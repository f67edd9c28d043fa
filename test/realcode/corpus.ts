import * as fs from 'node:fs';
import * as path from 'node:path';
// The draw is the one `infill-ls eval complete` uses, so a seed means the same everywhere.
export { seededRandom, type Random } from '../../server/eval/seededRandom';

/**
 * Real source files nobody here wrote, per language: sources shipped in node_modules and in
 * Debian packages (.ci/run installs the Go and Rust ones). Listed in a stable order so that
 * a fixed seed draws the same cases on every machine with the same packages.
 */
export interface CorpusLanguage {
  /** The languageId the server sees. */
  language: string;
  /** Markdown fence tag a chat model would write. */
  fence: string;
  roots: string[];
  /** Which files under the roots belong to the language. */
  accept: (file: string) => boolean;
}

const REPO = path.resolve(__dirname, '../..');
const NODE_MODULES = path.join(REPO, 'node_modules');

export const CORPUS: CorpusLanguage[] = [
  // Debian's libpython3.11-stdlib.
  { language: 'python', fence: 'python', roots: ['/usr/lib/python3.11'], accept: (f) => f.endsWith('.py') && !f.includes('/site-packages/') },
  { language: 'javascript', fence: 'javascript', roots: [NODE_MODULES], accept: (f) => /\.(c|m)?js$/.test(f) && !/\.min\.js$|[/.-]bundle|\/dist\/.*\.(umd|browser)/.test(f) },
  { language: 'typescript', fence: 'typescript', roots: [NODE_MODULES], accept: (f) => /\.m?ts$/.test(f) && !/\.d\.m?ts$/.test(f) },
  // Debian's golang-github-* -dev packages.
  { language: 'go', fence: 'go', roots: ['/usr/share/gocode/src'], accept: (f) => f.endsWith('.go') },
  // Debian's librust-*-dev packages.
  { language: 'rust', fence: 'rust', roots: ['/usr/share/cargo/registry'], accept: (f) => f.endsWith('.rs') },
];

/** Files small enough to draw from quickly, large enough to hold real functions. */
const MIN_CHARS = 1_500;
const MAX_CHARS = 60_000;

/** A line this long is minified or generated output (es-module-lexer's asm.js), not code anyone edits. */
const MAX_LINE_CHARS = 1_000;

function generated(file: string): boolean {
  return fs.readFileSync(file, 'utf8').split('\n').some((line) => line.length > MAX_LINE_CHARS);
}

/** The corpus files of one language, sorted; empty when its packages are not installed. */
export function corpusFiles(lang: CorpusLanguage): string[] {
  const out: string[] = [];
  const walk = (dir: string, depth: number): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        // Our own build output and the test's own tree are not "code nobody here wrote".
        if (depth < 12 && e.name !== '.bin' && e.name !== 'infill-ls') walk(full, depth + 1);
      } else if (e.isFile() && lang.accept(full)) {
        const size = fs.statSync(full).size;
        if (size >= MIN_CHARS && size <= MAX_CHARS && !generated(full)) out.push(full);
      }
    }
  };
  for (const root of lang.roots) walk(root, 0);
  return out.sort();
}
