import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeModelServer, type Behavior } from '../fake-model';
import { SERVER_MAIN } from '../protocol/lspClient';
import { editorAvailable } from './editors';
import { runProcess } from './process';

const SCENARIOS = path.join(__dirname, 'emacs');
const CLIENT_EL = path.resolve(__dirname, '../../clients/emacs/infill-ls.el');

interface Run {
  scenario: 'implement' | 'complete' | 'fix';
  file: string;
  original: string;
  mode: string;
  languageId: string;
  behavior: Behavior;
  env: Record<string, string>;
  settings?: Record<string, unknown>;
  /** The Emacs binary; the system's (28 with Eglot 1.9 on Debian 12) by default. */
  emacs?: string;
}

/** Runs a scenario in real headless Emacs with Eglot; returns the saved file and the model requests. */
async function runEmacsWith(run: Run) {
  const fake = await FakeModelServer.start({ behavior: run.behavior });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'infill-emacs-'));
  const file = path.join(dir, run.file);
  fs.writeFileSync(file, run.original);
  try {
    const result = await runProcess(run.emacs ?? 'emacs', ['--batch', '-l', path.join(SCENARIOS, `${run.scenario}.el`)], {
      env: {
        ...process.env,
        HOME: dir, // no ~/.emacs.d, no stray packages
        INFILL_CMD: JSON.stringify([process.execPath, SERVER_MAIN, '--stdio']),
        INFILL_SETTINGS: JSON.stringify({ infill: { model: { endpoint: fake.url }, ...run.settings } }),
        EDIT_FILE: file,
        MODE: run.mode,
        LANGUAGE_ID: run.languageId,
        INFILL_CLIENT_EL: CLIENT_EL,
        ...run.env,
      },
    });
    return { status: result.status, output: `${result.stdout}\n${result.stderr}`, saved: fs.readFileSync(file, 'utf8'), requests: fake.generationRequests() };
  } finally {
    await fake.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Every Emacs we can run: the system's (28 + elpa-eglot 1.9 on Debian 12), and Emacs 30 with
 * its built-in Eglot where .ci/run unpacked it (INFILL_EMACS30, see .ci/install-emacs30.sh).
 */
const EMACSES: Array<[string, string]> = [
  ...(editorAvailable('emacs') ? [['system', 'emacs'] as [string, string]] : []),
  ...(process.env.INFILL_EMACS30 && fs.existsSync(process.env.INFILL_EMACS30) ? [['30', process.env.INFILL_EMACS30] as [string, string]] : []),
];

// With no Emacs installed the file still holds a suite, skipped: vitest fails a file with none.
describe.runIf(EMACSES.length > 0)('Emacs', () => {
  describe.each(EMACSES)('Emacs %s with Eglot (headless)', (_version, emacs) => {
    const runEmacs = (run: Run) => runEmacsWith({ ...run, emacs });

    it('runs "Implement <name>" (Eglot 1.9: a command and workspace/applyEdit; 1.17: codeAction/resolve) and saves the function', async () => {
      const stub = 'function clamp(x, lo, hi) {\n  // Keep x within [lo, hi].\n  throw new Error("not implemented");\n}\n\nmodule.exports = { clamp };\n';
      const run = await runEmacs({
        scenario: 'implement',
        file: 'clamp.js',
        original: stub,
        mode: 'js-mode',
        languageId: 'javascript',
        behavior: { text: 'Sure:\n\n```js\nfunction clamp(x, lo, hi) {\n  // Keep x within [lo, hi].\n  return Math.min(hi, Math.max(lo, x));\n}\n```\n' },
        settings: { actions: { mode: 'chat' } },
        env: { LINE: '3' },
      });
      expect(run.status, run.output).toBe(0);
      expect(run.saved).toBe(stub.replace('throw new Error("not implemented");', 'return Math.min(hi, Math.max(lo, x));'));
    });

    it('completes the word being typed with completion-at-point and saves exactly the intended text', async () => {
      const run = await runEmacs({
        scenario: 'complete',
        file: 'demo.js',
        original: 'function add(a, b) {\n  return a + b;\n}\n',
        mode: 'js-mode',
        languageId: 'javascript',
        behavior: { text: 'd(1, 2);' },
        settings: { completion: { debounceMs: 0 } },
        env: { KEYS: 'const total = ad' },
      });
      expect(run.status, run.output).toBe(0);
      expect(run.requests[0].body.prompt).toBe('function add(a, b) {\n  return a + b;\n}\nconst total = ad');
      expect(run.saved).toBe('function add(a, b) {\n  return a + b;\n}\nconst total = add(1, 2);\n'); // js-mode adds the final newline
    });

    it('fixes a diagnostic another flymake backend reported, with infill-ls-fix-at-point (clients/emacs)', async () => {
      const broken = 'import json\n\n\ndef load(path):\n    with open(path) as handle:\n        return jsn.load(handle)\n';
      const run = await runEmacs({
        scenario: 'fix',
        file: 'store.py',
        original: broken,
        mode: 'python-mode',
        languageId: 'python',
        behavior: { text: '```python\ndef load(path):\n    with open(path) as handle:\n        return json.load(handle)\n```' },
        settings: { actions: { mode: 'chat' } },
        env: { LINE: '6', COLUMN: '15', END_COLUMN: '18', MESSAGE: '"jsn" is not defined' },
      });
      expect(run.status, run.output).toBe(0);
      expect(run.saved).toBe(broken.replace('jsn.load', 'json.load'));
    });
  });
});
