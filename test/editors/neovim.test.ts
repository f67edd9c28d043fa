import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeModelServer, type Behavior } from '../fake-model';
import { editorAvailable } from './editors';
import { runProcess } from './process';
import { README_CASES, completedWord, readmeAnswers } from './readmeCases';
import { pastedSnippet, userEnvironment, writeConfig } from './readmeSnippets';

const SCENARIOS = path.join(__dirname, 'neovim');

interface Run {
  /** The README snippet (its infill-test name) that is the user's init.lua; `a+b`: both, one after the other. */
  snippet: string;
  scenario: 'readme' | 'complete' | 'code-action' | 'ghost';
  file: string;
  original: string;
  behavior: Behavior;
  env: Record<string, string>;
  nvim: string;
}

/** Runs a scenario in a real headless Neovim whose init.lua is the pasted snippet; returns the saved file and what the model was asked. */
async function runNeovim(run: Run) {
  const fake = await FakeModelServer.start({ behavior: run.behavior });
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'infill-nvim-'));
  const env = userEnvironment(home);
  writeConfig(home, '.config/nvim/init.lua', run.snippet.split('+').map((s) => pastedSnippet(s, fake.url)).join('\n'));
  const file = writeConfig(home, path.join('project', run.file), run.original);
  try {
    // No language providers: probing for Python's costs Neovim 0.7 five seconds per Python buffer.
    const noProviders = 'let g:loaded_python3_provider=0 | let g:loaded_node_provider=0 | let g:loaded_ruby_provider=0 | let g:loaded_perl_provider=0';
    const scenario = path.join(SCENARIOS, `${run.scenario}.lua`);
    // Asynchronous: the fake model server runs in this process and must keep answering.
    const result = await runProcess(run.nvim, ['--headless', '-n', '-i', 'NONE', '--cmd', noProviders, '-c', `luafile ${scenario}`], {
      env: { ...env, EDIT_FILE: file, ...run.env },
    });
    return { status: result.status, stdout: result.stdout, output: `${result.stdout}\n${result.stderr}`, saved: fs.readFileSync(file, 'utf8'), requests: fake.generationRequests() };
  } finally {
    await fake.close();
    fs.rmSync(home, { recursive: true, force: true });
  }
}

/**
 * Every Neovim we can run, with the README snippets written for it (and the plugin's beside the
 * plain one, which must still make one server): the system's (0.7 on
 * Debian 12), Debian 13's 0.10 and Debian unstable's 0.12 where .ci/run unpacked them
 * (INFILL_NVIM010, INFILL_NVIM012; see .ci/install-nvim.sh).
 */
const NEOVIMS: Array<[string, string, string[]]> = [
  ...(editorAvailable('nvim') ? [['system', 'nvim', ['neovim-plugin']] as [string, string, string[]]] : []),
  ...(process.env.INFILL_NVIM010 && fs.existsSync(process.env.INFILL_NVIM010) ? [['0.10', process.env.INFILL_NVIM010, ['neovim-0.10', 'neovim-plugin', 'neovim-0.10+neovim-plugin']] as [string, string, string[]]] : []),
  ...(process.env.INFILL_NVIM012 && fs.existsSync(process.env.INFILL_NVIM012) ? [['0.12', process.env.INFILL_NVIM012, ['neovim-0.11', 'neovim-plugin', 'neovim-0.11+neovim-plugin']] as [string, string, string[]]] : []),
];

// With no Neovim installed the file still holds a suite, skipped: vitest fails a file with none.
describe.runIf(NEOVIMS.length > 0)('Neovim', () => {
  describe.each(NEOVIMS)('Neovim %s (headless, built-in LSP client)', (_version, nvim, snippets) => {
    describe.each(snippets)("the README's %s snippet as init.lua", (snippet) => {
      it.each(README_CASES)('$language: attaches infill-ls, accepts a completion, applies "Implement area"', async (c) => {
        const run = await runNeovim({
          snippet,
          nvim,
          scenario: 'readme',
          file: c.file,
          original: c.original,
          behavior: readmeAnswers(c),
          env: { KEYS: `Go${c.typed}`, LINE: String(c.stubLine), ACTION_TITLE: c.action },
        });
        expect(run.status, run.output).toBe(0);
        expect(run.stdout).toBe(
          [
            'ok: infill-ls attached',
            'ok: completion response',
            'ok: completion items: 1',
            `label: ${completedWord(c)}`,
            `completed line: ${c.saved.split('\n').at(-2)}`,
            `ok: the action changed the buffer (offered: ${c.action})`,
            'ok: language servers running: 1',
            '',
          ].join('\n'),
        );
        expect(run.saved).toBe(c.saved);
      });
    });

    describe("with the README's neovim-plugin snippet (clients/neovim) as init.lua", () => {
      const runPlugin = (run: Omit<Run, 'snippet' | 'nvim'>) => runNeovim({ ...run, snippet: 'neovim-plugin', nvim });

      it('completes the word being typed and saves exactly the intended text', async () => {
        const run = await runPlugin({
          scenario: 'complete',
          file: 'demo.js',
          original: 'function add(a, b) {\n  return a + b;\n}\n',
          behavior: { text: 'd(1, 2);', splitBytes: 'random' },
          env: { KEYS: 'Goconst total = ad' },
        });
        expect(run.status, run.output).toBe(0);
        expect(run.requests[0].body.prompt).toBe('function add(a, b) {\n  return a + b;\n}\nconst total = ad');
        expect(run.saved).toBe('function add(a, b) {\n  return a + b;\n}\nconst total = add(1, 2);\n');
      });

      it('inserts a multi-line body with its indentation', async () => {
        const run = await runPlugin({
          scenario: 'complete',
          file: 'fib.py',
          original: 'def fib(n):\n    """The n-th Fibonacci number."""\n\n\nprint(fib(10))\n',
          behavior: { text: 'if n < 2:\n        return n\n    return fib(n - 1) + fib(n - 2)', tokenChars: 3 },
          env: { KEYS: 'jji    ' },
        });
        expect(run.status, run.output).toBe(0);
        expect(run.requests[0].body.prompt).toBe('def fib(n):\n    """The n-th Fibonacci number."""\n    ');
        expect(run.requests[0].body.suffix).toBe('\n\nprint(fib(10))\n');
        expect(run.saved).toBe(
          'def fib(n):\n    """The n-th Fibonacci number."""\n    if n < 2:\n        return n\n    return fib(n - 1) + fib(n - 2)\n\nprint(fib(10))\n',
        );
      });

      it('fixes a diagnostic another server reported, chosen from the code action menu', async () => {
        const broken = 'import json\n\n\ndef load(path):\n    with open(path) as handle:\n        return jsn.load(handle)\n';
        const diagnostic = { range: { start: { line: 5, character: 15 }, end: { line: 5, character: 18 } }, severity: 1, source: 'Pyright', message: '"jsn" is not defined' };
        const run = await runPlugin({
          scenario: 'code-action',
          file: 'store.py',
          original: broken,
          behavior: { text: 'def load(path):\n    with open(path) as handle:\n        return json.load(handle)\n' },
          env: { LINE: '6', ACTION_TITLE: 'Fix with AI: "jsn" is not defined', DIAGNOSTICS: JSON.stringify([diagnostic]) },
        });
        expect(run.status, run.output).toBe(0);
        expect(run.saved).toBe(broken.replace('jsn.load', 'json.load'));
        expect(run.requests[0].body.prompt.endsWith('# Fixed: "jsn" is not defined\n')).toBe(true);
      });

      it('shows a block as ghost text and accepts it', async () => {
        const body = 'if n < 2:\n        return n\n    return fib(n - 1) + fib(n - 2)';
        const run = await runPlugin({
          scenario: 'ghost',
          file: 'fib.py',
          original: 'def fib(n):\n    \n\n\nprint(fib(10))\n',
          behavior: { text: body },
          env: { LINE: '2', COL: '4' },
        });
        expect(run.status, run.output).toBe(0);
        expect(run.output).toContain('virtual text: if n < 2:\n');
        expect(run.saved).toBe(`def fib(n):\n    ${body}\n\n\nprint(fib(10))\n`);
      });
    });
  });
});
