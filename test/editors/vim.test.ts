import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeModelServer, type Behavior } from '../fake-model';
import { editorAvailable } from './editors';
import { runProcess } from './process';
import { README_CASES, readmeAnswers } from './readmeCases';
import { filledIn, pastedSnippet, userEnvironment, writeConfig } from './readmeSnippets';

const ALE = '/usr/share/vim-ale'; // Debian's vim-ale

/**
 * vim-lsp is packaged by no Debian release and the machines reach no other source, so its
 * tests use the pinned copy in test/editors/vendor/vim-lsp (installed as a Vim package, as
 * its README says), or the checkout INFILL_VIM_LSP names.
 */
const VIM_LSP_DIR = process.env.INFILL_VIM_LSP || path.resolve(__dirname, 'vendor', 'vim-lsp');
const VIM_LSP = fs.existsSync(path.join(VIM_LSP_DIR, 'plugin', 'lsp.vim')) ? VIM_LSP_DIR : undefined;

interface Run {
  /** The README snippet (its infill-test name) that is the user's ~/.vimrc, and what the vimrc has after it. */
  snippet: 'vim-ale' | 'vim-lsp';
  after?: string;
  scenario: 'ale' | 'vim-lsp';
  file: string;
  original: string;
  behavior: Behavior;
  env: Record<string, string>;
}

/** Runs a scenario in headless Vim whose ~/.vimrc is the pasted snippet; returns its report and the saved file. */
async function runVim(run: Run) {
  const fake = await FakeModelServer.start({ behavior: run.behavior });
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'infill-vim-'));
  const env = userEnvironment(home);
  const vimrc = writeConfig(home, '.vimrc', pastedSnippet(run.snippet, fake.url) + filledIn(run.after ?? '', fake.url));
  if (run.snippet === 'vim-lsp' && VIM_LSP) {
    fs.mkdirSync(path.join(home, '.vim', 'pack', 'plugins', 'start'), { recursive: true });
    fs.symlinkSync(VIM_LSP, path.join(home, '.vim', 'pack', 'plugins', 'start', 'vim-lsp'));
  }
  const file = writeConfig(home, path.join('project', run.file), run.original);
  const report = path.join(home, 'report.txt');
  try {
    // -es needs -u to read a vimrc: it skips Vim's own start-up files.
    const result = await runProcess('vim', ['-N', '-u', vimrc, '-i', 'NONE', '-n', '-es', '-S', path.join(__dirname, 'vim', `${run.scenario}.vim`)], {
      env: { ...env, EDIT_FILE: file, REPORT: report, ...run.env },
    });
    const said = fs.existsSync(report) ? fs.readFileSync(report, 'utf8') : '';
    return { status: result.status, output: `${said}\n${result.stderr}`, said, saved: fs.readFileSync(file, 'utf8'), requests: fake.generationRequests() };
  } finally {
    await fake.close();
    fs.rmSync(home, { recursive: true, force: true });
  }
}

/** The linters ALE runs with the snippet: infill-ls and ALE's defaults for Python, all for TypeScript. */
const ALE_LINTERS = { python: 'infill-ls flake8 mypy pylint pyright ruff', typescript: 'infill-ls cspell deno eslint standard tslint tsserver typecheck xo' };

/** The completed line as ALE inserts it: its word is the suggestion up to the first `(`. */
const completedLine = (saved: string) => saved.split('\n').at(-2);

describe.runIf(editorAvailable('vim') && (fs.existsSync(ALE) || process.env.INFILL_REQUIRE_EDITORS === '1'))("Vim with ALE (headless), the README's vim-ale snippet as ~/.vimrc", () => {
  it.each(README_CASES)('$language: attaches infill-ls, accepts a completion, applies "Implement area"', async (c) => {
    const run = await runVim({
      snippet: 'vim-ale',
      scenario: 'ale',
      file: c.file,
      original: c.original,
      behavior: readmeAnswers(c),
      env: { KEYS: c.typed, STUB_LINE: String(c.stubLine) },
    });
    expect(run.status, run.output).toBe(0);
    expect(run.said).toBe(
      [
        `filetype: ${c.language}, ALE linters: ${ALE_LINTERS[c.language]}`,
        'ok: infill-ls attached',
        'ok: completion items parsed by ALE',
        `completed line: ${completedLine(c.saved)}`,
        `ok: code actions listed: ['${c.action}']`,
        'ok: the action changed the buffer',
        '',
      ].join('\n'),
    );
    expect(run.saved).toBe(c.saved);
  });

  it("runs infill-ls beside the user's own linters and with the user's settings, both set later in the vimrc", async () => {
    const c = README_CASES[0];
    const later = ["let g:ale_linters = {'python': ['flake8']}", "let g:infill_ls_settings = {'model': {'endpoint': 'http://127.0.0.1:11434'}, 'completion': {'maxTokens': 7}}", ''];
    const run = await runVim({ snippet: 'vim-ale', after: later.join('\n'), scenario: 'ale', file: c.file, original: c.original, behavior: readmeAnswers(c), env: { KEYS: c.typed } });
    expect(run.status, run.output).toBe(0);
    expect(run.said.split('\n')[0]).toBe('filetype: python, ALE linters: infill-ls flake8');
    expect(run.requests.map((r) => r.body.options.num_predict)).toEqual([7]);
  });

  it('parses a completion, runs "Implement <name>" and "Fix with AI" through commands and applyEdit', async () => {
    const stub = 'function clamp(x, lo, hi) {\n  throw new Error("not implemented");\n}\n\nfunction dump(data) {\n  return jsn.stringify(data);\n}\n';
    const fixed = 'function dump(data) {\n  return JSON.stringify(data);\n}\n';
    const run = await runVim({
      snippet: 'vim-ale',
      scenario: 'ale',
      file: 'clamp.js',
      original: stub,
      behavior: { text: (req) => (String(req.body?.prompt).endsWith('= ad') ? 'd(1, 2);' : String(req.body?.prompt).endsWith('{\n  ') ? 'return Math.min(hi, Math.max(lo, x));' : fixed) },
      env: { KEYS: 'const total = ad', STUB_LINE: '2', FIX_WORD: 'jsn' },
    });
    expect(run.status, run.output).toBe(0);
    // ALE makes a completion's word of the text before its first `(`: it inserts `add`.
    expect(run.said).toContain('completed line: const total = add\n');
    expect(run.saved).toBe(
      'function clamp(x, lo, hi) {\n  return Math.min(hi, Math.max(lo, x));\n}\n\nfunction dump(data) {\n  return JSON.stringify(data);\n}\nconst total = add\n',
    );
  });
});

describe.runIf(editorAvailable('vim') && VIM_LSP !== undefined)("Vim with vim-lsp (headless), the README's vim-lsp snippet as ~/.vimrc", () => {
  it.each(README_CASES)('$language: attaches infill-ls, accepts a completion, applies "Implement area"', async (c) => {
    const run = await runVim({
      snippet: 'vim-lsp',
      scenario: 'vim-lsp',
      file: c.file,
      original: c.original,
      behavior: readmeAnswers(c),
      env: { KEYS: c.typed, STUB_LINE: String(c.stubLine), ACTION_TITLE: c.action },
    });
    expect(run.status, run.output).toBe(0);
    expect(run.said).toBe(
      [
        'ok: infill-ls attached',
        'servers: infill-ls, status: running',
        'ok: completion response',
        'ok: completion items: 1',
        `completed line: ${completedLine(c.saved)}`,
        'ok: the action changed the buffer',
        '',
      ].join('\n'),
    );
    expect(run.saved).toBe(c.saved);
  });
});
