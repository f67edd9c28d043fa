import { isTestFile } from './testFiles';

/** What a failed test run said, trimmed to what the model (and the user) needs to see. */
export interface TestFailure {
  /** Names of the failing tests, in the order the output gives them, without duplicates, e.g. 'test_add (test_calc.CalcTest.test_add)', 'tests/test_x.py::test_add', 'TestAdd', 'tests::adds', 'adds two numbers'. */
  failing: string[];
  /** The trimmed output: at most `maxChars` characters (default 2000), whole lines; when nothing known matched, the last lines of the output. */
  summary: string;
}

/** Most characters of a summary: the model reads it in every retry prompt. */
const MAX_CHARS = 2000;

/**
 * Keeps what matters in a test run's output: the failing tests' names, their assertion or
 * error messages, the stack frames that point into the edited file or a test file (the
 * frames the user wrote; the runner's, the standard library's and node_modules' are noise),
 * compile errors that stopped the run, and the run's one-line totals. The output is read as
 * the first format that recognises it (unittest, pytest, node --test, go test, cargo test,
 * vitest, jest, or a bare Python or JavaScript crash); anything else keeps its last lines.
 *
 * `file`: the edited file's path relative to the project root (forward slashes), as the test
 * output may name it (absolute paths ending in it count too).
 */
export function summarizeTestOutput(output: string, file: string, maxChars = MAX_CHARS): TestFailure {
  const lines = cleanLines(output);
  if (lines.every((l) => l === '')) return { failing: [], summary: '' };
  const paths = projectPaths(file);
  for (const read of READERS) {
    const kept = read(lines, paths);
    if (!kept) continue;
    const found = kept.details.length + kept.totals.length > 0;
    return { failing: kept.failing, summary: found ? fit(kept.details, kept.totals, maxChars) : lastLines(lines, maxChars) };
  }
  return { failing: [], summary: lastLines(lines, maxChars) };
}

/** What a reader kept: failure details in output order, then the run's totals (kept first when space runs out). */
class Kept {
  readonly failing: string[] = [];
  readonly details: string[] = [];
  readonly totals: string[] = [];

  name(name: string): void {
    const n = name.trim();
    if (n && !this.failing.includes(n)) this.failing.push(n);
  }
}

/** Which paths in the output are the user's own: the edited file, and test files. */
interface ProjectPaths {
  ours(path: string): boolean;
}

/** Reads one tool's output; undefined where the output is not that tool's. */
type Reader = (lines: readonly string[], paths: ProjectPaths) => Kept | undefined;

/** Plain lines: no colour codes, no carriage-return redraws (progress bars), no trailing blanks. */
function cleanLines(output: string): string[] {
  const plain = output.replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, '').replace(/\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g, '');
  return plain.split(/\r?\n/).map((l) => l.slice(l.lastIndexOf('\r') + 1).trimEnd());
}

function projectPaths(file: string): ProjectPaths {
  const edited = normalPath(file);
  return {
    ours(raw) {
      const p = normalPath(raw);
      if (p === edited || p.endsWith(`/${edited}`)) return true;
      // A runner may print the path from another folder (pytest's rootdir, a Go package folder).
      if (!p.startsWith('/') && p.includes('.') && edited.endsWith(`/${p}`)) return true;
      return isTestFile(p);
    },
  };
}

function normalPath(p: string): string {
  return p.trim().replace(/^file:\/\//, '').replace(/\\/g, '/').replace(/^(\.\/)+/, '');
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/** Lines of only `^` and `~`: the markers Python, pytest, rustc and jest print under a source line. */
function isMarker(line: string): boolean {
  return /^\s*[\^~][\s^~]*$/.test(line);
}

/** At most `maxChars` characters of whole lines: the totals first (from their end), then the details from the start. */
function fit(details: readonly string[], totals: readonly string[], maxChars: number): string {
  const tail = takeLines([...totals].reverse(), maxChars).reverse();
  const room = tail.length ? maxChars - tail.join('\n').length - 1 : maxChars;
  return [...takeLines(details, room), ...tail].join('\n');
}

function takeLines(lines: readonly string[], maxChars: number): string[] {
  const out: string[] = [];
  let size = -1;
  for (const line of lines) {
    if (size + 1 + line.length > maxChars) break;
    size += 1 + line.length;
    out.push(line);
  }
  return out;
}

/** Unknown output: its end is where runners print what went wrong. */
function lastLines(lines: readonly string[], maxChars: number): string {
  const text = lines.join('\n').replace(/^\n+|\n+$/g, '');
  return takeLines(text.split('\n').reverse(), maxChars).reverse().join('\n');
}

// ---- Python ----

/**
 * A Python traceback, line by line: a `File "...", line N` frame is kept (with the source and
 * marker lines printed under it) only when it is the user's; exception lines are kept; the
 * "Traceback (most recent call last):" banner goes.
 */
class PythonTraceback {
  private frameIndent = -1;
  private keepFrame = false;

  constructor(
    private readonly paths: ProjectPaths,
    private readonly out: string[],
  ) {}

  line(line: string): void {
    const frame = /^(\s*)File "(.+?)", line \d+/.exec(line);
    if (frame) {
      this.frameIndent = frame[1].length;
      this.keepFrame = this.paths.ours(frame[2]);
      if (this.keepFrame) this.out.push(line);
    } else if (line === '') {
      return;
    } else if (this.frameIndent >= 0 && indentOf(line) > this.frameIndent) {
      if (this.keepFrame) this.out.push(line);
    } else {
      this.frameIndent = -1;
      if (line !== 'Traceback (most recent call last):') this.out.push(line);
    }
  }
}

/** `python -m unittest`: FAIL:/ERROR: blocks between `====` rules, then "Ran N tests" and "FAILED (...)". */
const readUnittest: Reader = (lines, paths) => {
  if (!lines.some((l) => /^(FAIL|ERROR): \S/.test(l) || /^Ran \d+ tests? in /.test(l))) return undefined;
  const kept = new Kept();
  let traceback: PythonTraceback | undefined;
  for (const line of lines) {
    const header = /^(?:FAIL|ERROR|UNEXPECTED SUCCESS): (.+)$/.exec(line);
    if (header) {
      kept.name(header[1]);
      kept.details.push(line);
      traceback = new PythonTraceback(paths, kept.details);
    } else if (/^Ran \d+ tests? in /.test(line) || /^(FAILED \(.*\)|OK( \(.*\))?|NO TESTS RAN)$/.test(line)) {
      kept.totals.push(line);
      traceback = undefined;
    } else if (/^[=-]{20,}$/.test(line)) {
      if (line.startsWith('=')) traceback = undefined;
    } else {
      traceback?.line(line);
    }
  }
  return kept;
};

/**
 * One pytest failure section's frames. A long-format frame prints its source with `>` at the
 * failing line and `E` lines, then its location (`calc.py:14: ZeroDivisionError`), so the
 * lines wait for the location to say whose frame it was; `E` lines are always kept. A
 * short-format frame (`calc.py:3: in <module>`, collection errors) prints its location first.
 */
class PytestFrames {
  private waiting: string[] = [];
  private shortFrame: boolean | undefined;

  constructor(
    private readonly paths: ProjectPaths,
    private readonly out: string[],
  ) {}

  line(line: string): void {
    const location = /^(\S+?):(\d+):(?: (.*))?$/.exec(line);
    if (location) {
      const ours = this.paths.ours(location[1]);
      this.flush(ours);
      this.shortFrame = location[3]?.startsWith('in ') ? ours : undefined;
      if (ours) this.out.push(line);
    } else if (this.shortFrame !== undefined && /^\s/.test(line)) {
      if (this.shortFrame) this.out.push(line);
    } else {
      this.shortFrame = undefined;
      if (line !== '') this.waiting.push(line);
    }
  }

  /** `ours`: whether the frame's source lines (`>` and the markers under it) are kept. */
  flush(ours = true): void {
    let keptSource = false;
    for (const line of this.waiting) {
      if (/^E\s/.test(line)) this.out.push(line);
      else if (line.startsWith('>') || (keptSource && isMarker(line))) {
        keptSource = ours;
        if (ours) this.out.push(line);
        continue;
      }
      keptSource = false;
    }
    this.waiting = [];
    this.shortFrame = undefined;
  }
}

/** pytest: the FAILURES / ERRORS sections, the short test summary (names) and the last `=== 1 failed in 0.1s ===` line. */
const readPytest: Reader = (lines, paths) => {
  if (!lines.some((l) => /^=+ (FAILURES|ERRORS|short test summary info|test session starts) =+$/.test(l))) return undefined;
  const kept = new Kept();
  const frames = new PytestFrames(paths, kept.details);
  const blockNames: string[] = [];
  let section = '';
  for (const line of lines) {
    const banner = /^={3,} (.+?) ={3,}$/.exec(line);
    if (banner) {
      frames.flush();
      section = banner[1];
      if (/\d+ \w+.* in [\d.]+s/.test(section)) kept.totals.push(line);
    } else if (section === 'FAILURES' || section === 'ERRORS') {
      const block = /^_{3,} (.+?) _{3,}$/.exec(line);
      if (block) {
        frames.flush();
        blockNames.push(block[1]);
        kept.details.push(line);
      } else if (/^(_ ){3,}_?$/.test(line) || /^-+ Captured .* -+$/.test(line)) {
        frames.flush();
      } else {
        frames.line(line);
      }
    } else if (section === 'short test summary info') {
      const failed = /^(?:FAILED|ERROR) (.+?)(?: - .*)?$/.exec(line);
      if (failed) {
        kept.name(failed[1]);
        kept.totals.push(line);
      }
    } else if (/^\d+ (failed|passed|errors?)\b.* in [\d.]+s/.test(line)) {
      kept.totals.push(line); // -q prints the totals without the `=` rule
    }
  }
  frames.flush();
  if (!kept.failing.length) blockNames.forEach((n) => kept.name(n));
  return kept;
};

/** A bare Python crash (`python3 test_calc.py`): its tracebacks, or a SyntaxError's frame. */
const readPythonCrash: Reader = (lines, paths) => {
  if (!lines.some((l) => /^\s*File ".+", line \d+/.test(l))) return undefined;
  const kept = new Kept();
  const traceback = new PythonTraceback(paths, kept.details);
  let inTraceback = false;
  for (const line of lines) {
    if (line === 'Traceback (most recent call last):' || /^\s*File ".+", line \d+/.test(line)) inTraceback = true;
    if (!inTraceback) continue;
    traceback.line(line);
    if (line !== '' && !/^\s/.test(line) && !line.startsWith('Traceback')) inTraceback = false; // the exception line ends it
  }
  return kept;
};

// ---- JavaScript ----

/** The path of a V8 stack frame (`at f (/p/x.js:1:2)`, `at /p/x.js:1:2`); undefined for a line that is not one. TAP stacks drop the `at`. */
function jsFramePath(line: string, needsAt = true): string | undefined {
  const text = line.trim().replace(/ \{$/, '');
  const frame = needsAt ? /^at (.+)$/.exec(text)?.[1] : text;
  if (frame === undefined || !/\)$|:\d+$/.test(frame)) return undefined;
  const location = /\(([^()]+)\)$/.exec(frame)?.[1] ?? frame.split(' ').pop()!;
  return location.replace(/:\d+(:\d+)?$/, '');
}

/**
 * A JavaScript error, line by line: the `path:line` header V8 prints above the source and
 * marker of an uncaught error (kept when it is the user's file), the error line
 * (`TypeError: ...`) and the message lines after it (`-1 !== 5`), the user's stack frames,
 * and of the properties printed after the stack (`{ generatedMessage, code, actual, ... }`)
 * only `actual` and `expected`. `text` is the line without a reporter's prefix (TAP's `# `);
 * the line is kept whole.
 */
class JsError {
  private header: boolean | undefined;

  constructor(
    private readonly paths: ProjectPaths,
    private readonly out: string[],
    private state: 'none' | 'message' | 'stack' | 'properties' = 'none',
  ) {}

  line(line: string, text = line): void {
    if (this.header !== undefined && /^\s+\S/.test(text)) {
      if (this.header) this.out.push(line);
      return;
    }
    this.header = undefined;
    const frame = jsFramePath(text);
    const location = /^(\S+):\d+$/.exec(text);
    if (frame !== undefined) {
      if (this.paths.ours(frame)) this.out.push(line);
      this.state = text.endsWith(' {') ? 'properties' : 'stack';
    } else if (this.state === 'properties') {
      if (/^\s*(actual|expected):/.test(text)) this.out.push(line);
      if (/^\s*}$/.test(text)) this.state = 'none';
    } else if (location) {
      this.header = this.paths.ours(location[1]);
      if (this.header) this.out.push(line);
    } else if (/^(\w+\.)*\w*(Error|Exception)\b/.test(text)) {
      this.out.push(line);
      this.state = 'message';
    } else if (this.state === 'message' && text.trim() !== '' && !/^Node\.js v\d/.test(text)) {
      this.out.push(line);
    } else if (text.trim() !== '') {
      this.state = 'none';
    }
  }
}

/** Where the block of lines more indented than `indent` after line `start` ends. */
function blockEnd(lines: readonly string[], start: number, indent: number): number {
  let end = start + 1;
  while (end < lines.length && (lines[end] === '' || indentOf(lines[end]) > indent)) end++;
  return end;
}

/**
 * `node --test`'s spec reporter: `✖ name (1.2ms)` with the error under it, repeated after
 * "✖ failing tests:" (then only that list is read, as suites also print `✖ suite`), and
 * `ℹ tests/pass/fail` totals; a child process's crash (a SyntaxError on require) comes before.
 */
const readNodeSpec: Reader = (lines, paths) => {
  if (!lines.some((l) => /^ℹ (tests|fail) \d+$/.test(l))) return undefined;
  const kept = new Kept();
  const crash = new JsError(paths, kept.details);
  const list = lines.findIndex((l) => l === '✖ failing tests:');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const total = /^ℹ (tests|pass|fail|cancelled) (\d+)$/.exec(line);
    const failed = /^(\s*)✖ (.+?)(?: \([\d.]+m?s\))?$/.exec(line);
    if (total) {
      if (total[1] !== 'cancelled' || total[2] !== '0') kept.totals.push(line);
    } else if (failed && i !== list) {
      const end = blockEnd(lines, i, failed[1].length);
      const detail = lines.slice(i + 1, end);
      if ((list < 0 || i > list) && detail.some((l) => l !== '')) {
        kept.name(failed[2]);
        kept.details.push(line);
        const error = new JsError(paths, kept.details, 'message');
        detail.forEach((l) => error.line(l));
      }
      i = end - 1;
    } else if (!/^\s*([ℹ✔﹣▶] |test at )/.test(line) && i !== list) {
      crash.line(line);
    }
  }
  return kept;
};

/** The YAML block (`---` to `...`) after a TAP test line at `start`; `end` is the line after it. */
function tapYaml(lines: readonly string[], start: number): { yaml: string[]; end: number } {
  if (lines[start]?.trim() !== '---') return { yaml: [], end: start };
  let end = start + 1;
  while (end < lines.length && lines[end].trim() !== '...') end++;
  return { yaml: lines.slice(start + 1, end), end: end + 1 };
}

/** Of a failed TAP test's YAML: `error`, `name`, `expected`, `actual`, and the user's frames of `stack`. */
function keepTapYaml(yaml: readonly string[], paths: ProjectPaths, out: string[]): void {
  const indent = yaml.length ? indentOf(yaml[0]) : 0;
  let key = '';
  let stackKey = '';
  for (const line of yaml) {
    if (indentOf(line) <= indent && line !== '') {
      key = /^\s*(\w+):/.exec(line)?.[1] ?? '';
      if (['error', 'name', 'expected', 'actual'].includes(key)) out.push(line);
      stackKey = key === 'stack' ? line : '';
    } else if (key === 'stack') {
      const frame = jsFramePath(line, false);
      if (frame === undefined || !paths.ours(frame)) continue;
      if (stackKey) out.push(stackKey);
      stackKey = '';
      out.push(line);
    } else if (['error', 'expected', 'actual'].includes(key) && line.trim() !== '') {
      out.push(line);
    }
  }
}

/**
 * `node --test --test-reporter=tap`: `not ok N - name` with a YAML block (skipped: suites,
 * which fail when a subtest does, and `# TODO` tests), `# tests/pass/fail` totals, and `#`
 * diagnostics (where a crashing test file's error goes).
 */
const readTap: Reader = (lines, paths) => {
  if (!lines.some((l) => /^TAP version \d+$/.test(l))) return undefined;
  const kept = new Kept();
  const crash = new JsError(paths, kept.details);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const test = /^\s*(not )?ok \d+ - (.+?)(?: # (.*))?$/.exec(line);
    const total = /^# (tests|pass|fail|cancelled) (\d+)$/.exec(line);
    const diagnostic = /^\s*# ?(.*)$/.exec(line);
    if (test) {
      const { yaml, end } = tapYaml(lines, i + 1);
      const suite = yaml.some((l) => /^\s*(type: 'suite'|failureType: 'subtestsFailed')$/.test(l));
      if (test[1] && !suite && !/^(skip|todo)\b/i.test(test[3] ?? '')) {
        kept.name(test[2]);
        kept.details.push(line);
        keepTapYaml(yaml, paths, kept.details);
      }
      i = end - 1;
    } else if (total) {
      if (total[1] !== 'cancelled' || total[2] !== '0') kept.totals.push(line);
    } else if (diagnostic && !diagnostic[1].startsWith('Subtest: ')) {
      crash.line(line, diagnostic[1]);
    }
  }
  return kept;
};

/**
 * The lines of one vitest or jest failure: the message and diffs, the user's frames, and of
 * a code frame only the row of the frame's own line (`> 7 |` in jest) with its marker.
 */
class JsTestFailure {
  private frameLine = '';
  private rowKept = false;

  constructor(
    private readonly paths: ProjectPaths,
    private readonly out: string[],
  ) {}

  line(line: string): void {
    const frame = /^\s*(?:❯|at) (?:.* \(?)?([^\s()]+):(\d+):\d+\)?$/.exec(line);
    const row = /^\s*(>?)\s*(\d+)\s*\|/.exec(line);
    if (frame) {
      const ours = this.paths.ours(frame[1]);
      this.frameLine = ours ? frame[2] : '';
      if (ours) this.out.push(line);
    } else if (/^\s*(❯|at) \S/.test(line)) {
      return; // a frame without a file: `at new Promise (<anonymous>)`
    } else if (row) {
      this.rowKept = row[1] === '>' || row[2] === this.frameLine;
      if (this.rowKept) this.out.push(line);
    } else if (/^\s*\|/.test(line)) {
      if (this.rowKept && /^\s*\|[\s^~]*$/.test(line)) this.out.push(line);
    } else if (line !== '') {
      const location = /(\S+):(\d+):\d+$/.exec(line);
      if (location) this.frameLine = this.paths.ours(location[1]) ? location[2] : '';
      this.out.push(line);
    }
  }
}

/**
 * vitest: ` FAIL  file > suite > name` blocks after a `⎯⎯ Failed Tests N ⎯⎯` rule, then
 * ` Test Files ...` and `      Tests ...` totals.
 */
const readVitest: Reader = (lines, paths) => {
  if (!lines.some((l) => /^\s*Test Files\s+\d+ (failed|passed)/.test(l))) return undefined;
  const kept = new Kept();
  let failure: JsTestFailure | undefined;
  for (const line of lines) {
    const header = /^\s*FAIL\s+(.+?)(?: \[ .+ \])?$/.exec(line);
    if (/^\s*(Test Files|Tests)\s{2,}/.test(line)) {
      kept.totals.push(line);
      failure = undefined;
    } else if (header) {
      kept.name(header[1]);
      kept.details.push(line);
      failure = new JsTestFailure(paths, kept.details);
    } else if (line.includes('⎯')) {
      failure = /⎯ \D.* ⎯/.test(line) ? new JsTestFailure(paths, kept.details) : undefined; // "Unhandled Errors" have no FAIL line
    } else if (/^\s*(Start at|Duration)\s/.test(line)) {
      failure = undefined;
    } else {
      failure?.line(line);
    }
  }
  return kept;
};

/** jest: `● Suite › name` blocks, then `Test Suites:` and `Tests:` totals. */
const readJest: Reader = (lines, paths) => {
  if (!lines.some((l) => /^Tests:\s+\d+ /.test(l))) return undefined;
  const kept = new Kept();
  let failure: JsTestFailure | undefined;
  for (const line of lines) {
    const header = /^\s*● (.+)$/.exec(line);
    if (/^(Test Suites|Tests):\s/.test(line)) {
      kept.totals.push(line);
      failure = undefined;
    } else if (header) {
      if (header[1] !== 'Test suite failed to run') kept.name(header[1]);
      kept.details.push(line);
      failure = new JsTestFailure(paths, kept.details);
    } else if (/^\s*(PASS|FAIL)\s+\S/.test(line) || /^(Snapshots|Time|Ran all test suites)/.test(line)) {
      failure = undefined;
    } else {
      failure?.line(line);
    }
  }
  return kept;
};

/** A bare Node crash (`node test.js` with assert): the error lines and the user's frames. */
const readJsCrash: Reader = (lines, paths) => {
  if (!lines.some((l) => jsFramePath(l) !== undefined && /:\d+:\d+\)?$/.test(l))) return undefined;
  const kept = new Kept();
  const crash = new JsError(paths, kept.details);
  lines.forEach((l) => crash.line(l));
  return kept;
};

// ---- Go ----

/**
 * `go test`: `--- FAIL: TestX (0.00s)` with the test's log lines under it (before it with
 * -v), a panic's message and the user's frames (a function line, then its `\tpath:line`),
 * compile errors (`./calc.go:5:2: undefined: x`) and `FAIL\tpkg` totals.
 */
const readGo: Reader = (lines, paths) => {
  if (!lines.some((l) => /^\s*--- FAIL: /.test(l) || /^(FAIL|ok)\s*\t\S/.test(l))) return undefined;
  const kept = new Kept();
  let logs: string[] = [];
  let inFailure = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const failed = /^\s*--- FAIL: (\S+)/.exec(line);
    const frame = /^\t(\S+?):\d+( \+0x[0-9a-f]+)?$/.exec(lines[i + 1] ?? '');
    if (failed) {
      kept.name(failed[1]);
      kept.details.push(line, ...logs);
      logs = [];
      inFailure = true;
    } else if (/^\s*(=== \w+|--- (PASS|SKIP):)/.test(line)) {
      logs = [];
      inFailure = false;
    } else if (/^(\t?panic: |fatal error: )/.test(line) || /^\S+\.go:\d+(:\d+)?: /.test(line)) {
      kept.details.push(line);
    } else if (frame && !/^\s/.test(line)) {
      if (paths.ours(frame[1])) kept.details.push(line, lines[i + 1]);
      i++;
    } else if (/^FAIL\s*\t\S/.test(line)) {
      kept.totals.push(line);
    } else if (/^\s+\S/.test(line)) {
      if (inFailure) kept.details.push(line);
      else logs.push(line);
    } else {
      inFailure = false;
    }
  }
  return kept;
};

// ---- Rust ----

/**
 * `cargo test`: `---- tests::adds stdout ----` blocks (the panic line, its message and
 * left/right, the user's backtrace frames), the `failures:` list, rustc's `error[E...]`
 * diagnostics whole (with their `--> src/lib.rs:9:5` and source lines) and `test result:`.
 */
const readCargo: Reader = (lines, paths) => {
  if (!lines.some((l) => /^test result: |^---- .+ stdout ----$|^error\[E\d+\]: |^error: could not compile /.test(l))) return undefined;
  const kept = new Kept();
  let mode: 'none' | 'block' | 'list' | 'error' | 'warning' = 'none';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const header = /^---- (.+) stdout ----$/.exec(line);
    const panic = /^thread '(.+?)'(?: \(\d+\))? panicked at /.exec(line);
    const progress = /^test (\S+) \.\.\. FAILED$/.exec(line);
    const frame = /^\s+at (\S+?):\d+:\d+$/.exec(lines[i + 1] ?? '');
    if (header || panic) {
      if (header) kept.name(header[1]);
      if (panic && panic[1] !== 'main') kept.name(panic[1]);
      kept.details.push(line);
      mode = 'block';
    } else if (progress) {
      kept.name(progress[1]);
    } else if (line === 'failures:') {
      mode = 'list';
    } else if (/^test result: /.test(line) || /^error: could not compile /.test(line)) {
      kept.totals.push(line);
      mode = 'none';
    } else if (/^error(\[E\d+\])?: /.test(line) && !/^error: test failed/.test(line)) {
      kept.details.push(line);
      mode = 'error';
    } else if (/^warning: /.test(line)) {
      mode = 'warning';
    } else if (line === '') {
      if (mode === 'error' || mode === 'warning') mode = 'none';
    } else if (mode === 'error') {
      kept.details.push(line);
    } else if (mode === 'list') {
      if (/^\s+\S+$/.test(line)) kept.name(line);
    } else if (mode === 'block') {
      if (/^\s+\d+: /.test(line)) {
        if (frame && paths.ours(frame[1])) kept.details.push(line, lines[i + 1]);
        if (frame) i++;
      } else if (!/^(stack backtrace:|note: )/.test(line) && !/^\s+at /.test(line)) {
        kept.details.push(line);
      }
    }
  }
  return kept;
};

/** In order: the most specific markers first; the bare crashes last. */
const READERS: readonly Reader[] = [readPytest, readUnittest, readCargo, readGo, readVitest, readJest, readNodeSpec, readTap, readPythonCrash, readJsCrash];
