import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeModelServer, type Behavior } from '../fake-model';
import { editorAvailable } from './editors';
import { runProcess } from './process';
import { README_CASES, readmeAnswers } from './readmeCases';
import { pastedSnippet, userEnvironment, writeConfig } from './readmeSnippets';

const SCENARIOS = path.join(__dirname, 'emacs');

interface Run {
  /** The README snippet (its infill-test name) that is the user's init.el. */
  snippet: 'emacs' | 'emacs-plugin';
  scenario: 'readme' | 'fix';
  file: string;
  original: string;
  behavior: Behavior;
  env: Record<string, string>;
  emacs: string;
}

/** Runs a scenario in real headless Emacs whose init.el is the pasted snippet; returns the saved file and the model requests. */
async function runEmacs(run: Run) {
  const fake = await FakeModelServer.start({ behavior: run.behavior });
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'infill-emacs-'));
  const env = userEnvironment(home);
  writeConfig(home, '.emacs.d/init.el', pastedSnippet(run.snippet, fake.url));
  const file = writeConfig(home, path.join('project', run.file), run.original);
  try {
    const result = await runProcess(run.emacs, ['--batch', '-l', path.join(SCENARIOS, `${run.scenario}.el`)], { env: { ...env, EDIT_FILE: file, ...run.env } });
    return { status: result.status, stdout: result.stdout, output: `${result.stdout}\n${result.stderr}`, saved: fs.readFileSync(file, 'utf8'), requests: fake.generationRequests() };
  } finally {
    await fake.close();
    fs.rmSync(home, { recursive: true, force: true });
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
    describe("the README's emacs snippet as init.el, M-x eglot", () => {
      it.each(README_CASES)('$language: attaches infill-ls, accepts a completion, applies "Implement area"', async (c) => {
        const run = await runEmacs({
          snippet: 'emacs',
          emacs,
          scenario: 'readme',
          file: c.file,
          original: c.original,
          behavior: readmeAnswers(c),
          env: { KEYS: c.typed, LINE: String(c.stubLine) },
        });
        expect(run.status, run.output).toBe(0);
        // The first line names the Emacs and the Eglot. Eglot 1.9 asks before the server's edit.
        const [versions, ...report] = run.stdout.split('\n');
        expect(report).toEqual([
          `major mode: ${c.language}-mode`,
          'ok: eglot managing the buffer',
          `server: infill-ls --stdio, language id: ${c.language}`,
          'ok: eglot capf installed',
          `completed line: ${c.saved.split('\n').at(-2)}`,
          ...(versions.includes('eglot-1.9/') ? ['asked: [eglot] Server wants to edit:'] : []),
          'ok: the action changed the buffer',
          '',
        ]);
        expect(run.saved).toBe(c.saved);
      });

      it('javascript (js-mode, language id "js"): completes the word being typed and saves exactly the intended text', async () => {
        const run = await runEmacs({
          snippet: 'emacs',
          emacs,
          scenario: 'readme',
          file: 'demo.js',
          original: 'function add(a, b) {\n  return a + b;\n}\n',
          behavior: { text: 'd(1, 2);' },
          env: { KEYS: 'const total = ad' },
        });
        expect(run.status, run.output).toBe(0);
        expect(run.output).toContain('major mode: js-mode\nok: eglot managing the buffer\nserver: infill-ls --stdio, language id: js\n');
        expect(run.requests[0].body.prompt).toBe('function add(a, b) {\n  return a + b;\n}\nconst total = ad');
        expect(run.saved).toBe('function add(a, b) {\n  return a + b;\n}\nconst total = add(1, 2);\n');
      });
    });

    it("fixes a diagnostic another flymake backend reported, with infill-ls-fix-at-point (the README's emacs-plugin snippet, clients/emacs)", async () => {
      const broken = 'import json\n\n\ndef load(path):\n    with open(path) as handle:\n        return jsn.load(handle)\n';
      const run = await runEmacs({
        snippet: 'emacs-plugin',
        emacs,
        scenario: 'fix',
        file: 'store.py',
        original: broken,
        behavior: { text: 'def load(path):\n    with open(path) as handle:\n        return json.load(handle)\n' },
        env: { LINE: '6', COLUMN: '15', END_COLUMN: '18', MESSAGE: '"jsn" is not defined' },
      });
      expect(run.status, run.output).toBe(0);
      expect(run.saved).toBe(broken.replace('jsn.load', 'json.load'));
    });
  });
});
