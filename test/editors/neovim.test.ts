import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeModelServer, type Behavior } from '../fake-model';
import { SERVER_MAIN } from '../protocol/lspClient';
import { editorAvailable } from './editors';
import { runProcess } from './process';

const SCENARIOS = path.join(__dirname, 'neovim');
const CLIENT_DIR = path.resolve(__dirname, '../../clients/neovim');

interface Run {
  scenario?: 'complete' | 'code-action' | 'ghost';
  file: string;
  original: string;
  keys?: string;
  behavior: Behavior;
  pick?: number;
  env?: Record<string, string>;
  settings?: Record<string, unknown>;
  /** The Neovim binary; the system's (0.7 on Debian 12) by default. */
  nvim?: string;
}

/** Runs the scenario in a real headless Neovim; returns the saved file and what the model was asked. */
async function runNeovimWith(run: Run) {
  const fake = await FakeModelServer.start({ behavior: run.behavior });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'infill-nvim-'));
  const file = path.join(dir, run.file);
  fs.writeFileSync(file, run.original);
  try {
    // Asynchronous: the fake model server runs in this process and must keep answering.
    const scenario = path.join(SCENARIOS, `${run.scenario ?? 'complete'}.lua`);
    // No language providers: probing for Python's costs Neovim 0.7 five seconds per Python buffer.
    const noProviders = 'let g:loaded_python3_provider=0 | let g:loaded_node_provider=0 | let g:loaded_ruby_provider=0 | let g:loaded_perl_provider=0';
    const result = await runProcess(run.nvim ?? 'nvim', ['--headless', '--clean', '-n', '-i', 'NONE', '--cmd', noProviders, '-c', `luafile ${scenario}`], {
      env: {
        ...process.env,
        HOME: dir,
        INFILL_CMD: JSON.stringify([process.execPath, SERVER_MAIN, '--stdio']),
        INFILL_SETTINGS: JSON.stringify({ infill: { model: { endpoint: fake.url }, completion: { debounceMs: 0 }, ...run.settings } }),
        EDIT_FILE: file,
        KEYS: run.keys ?? '',
        PICK: String(run.pick ?? 1),
        // Scenarios that set up the server as a user would take the shipped config from here.
        INFILL_CLIENT_DIR: CLIENT_DIR,
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
 * Every Neovim we can run: the system's (0.7 on Debian 12), and Debian 13's 0.10 where
 * .ci/run unpacked it (INFILL_NVIM010, see .ci/install-nvim010.sh).
 */
const NEOVIMS: Array<[string, string]> = [
  ...(editorAvailable('nvim') ? [['system', 'nvim'] as [string, string]] : []),
  ...(process.env.INFILL_NVIM010 && fs.existsSync(process.env.INFILL_NVIM010) ? [['0.10', process.env.INFILL_NVIM010] as [string, string]] : []),
];

// With no Neovim installed the file still holds a suite, skipped: vitest fails a file with none.
describe.runIf(NEOVIMS.length > 0)('Neovim', () => {
  describe.each(NEOVIMS)('Neovim %s (headless, built-in LSP client)', (_version, nvim) => {
    const runNeovim = (run: Run) => runNeovimWith({ ...run, nvim });

    it('completes the word being typed and saves exactly the intended text', async () => {
      const run = await runNeovim({
        file: 'demo.js',
        original: 'function add(a, b) {\n  return a + b;\n}\n',
        keys: 'Goconst total = ad',
        behavior: { text: 'd(1, 2);', splitBytes: 'random' },
      });
      expect(run.output).toContain('ok: completion response');
      expect(run.status).toBe(0);
      expect(run.requests[0].body.prompt).toBe('function add(a, b) {\n  return a + b;\n}\nconst total = ad');
      expect(run.saved).toBe('function add(a, b) {\n  return a + b;\n}\nconst total = add(1, 2);\n');
    });

    it('inserts a multi-line body with its indentation', async () => {
      const run = await runNeovim({
        file: 'fib.py',
        original: 'def fib(n):\n    """The n-th Fibonacci number."""\n\n\nprint(fib(10))\n',
        keys: 'jji    ',
        behavior: { text: 'if n < 2:\n        return n\n    return fib(n - 1) + fib(n - 2)', tokenChars: 3 },
      });
      expect(run.status, run.output).toBe(0);
      expect(run.requests[0].body.prompt).toBe('def fib(n):\n    """The n-th Fibonacci number."""\n    ');
      expect(run.requests[0].body.suffix).toBe('\n\nprint(fib(10))\n');
      expect(run.saved).toBe(
        'def fib(n):\n    """The n-th Fibonacci number."""\n    if n < 2:\n        return n\n    return fib(n - 1) + fib(n - 2)\n\nprint(fib(10))\n',
      );
    });
    it('implements a stub chosen from the code action menu (resolved by Neovim) and saves the function', async () => {
      const stub = 'import math\n\n\ndef area(radius):\n    """Area of a circle."""\n    raise NotImplementedError\n\n\nprint(area(2))\n';
      const run = await runNeovim({
        scenario: 'code-action',
        file: 'circle.py',
        original: stub,
        behavior: { text: '```python\ndef area(radius):\n    """Area of a circle."""\n    return math.pi * radius ** 2\n```' },
        settings: { actions: { mode: 'chat' } },
        env: { LINE: '6', ACTION_TITLE: 'Implement area' },
      });
      expect(run.status, run.output).toBe(0);
      expect(run.saved).toBe(stub.replace('raise NotImplementedError', 'return math.pi * radius ** 2'));
      expect(run.requests[0].path).toBe('/api/chat');
    });

    it('fixes a diagnostic another server reported, chosen from the code action menu', async () => {
      const broken = 'import json\n\n\ndef load(path):\n    with open(path) as handle:\n        return jsn.load(handle)\n';
      const diagnostic = { range: { start: { line: 5, character: 15 }, end: { line: 5, character: 18 } }, severity: 1, source: 'Pyright', message: '"jsn" is not defined' };
      const run = await runNeovim({
        scenario: 'code-action',
        file: 'store.py',
        original: broken,
        behavior: { text: '```python\ndef load(path):\n    with open(path) as handle:\n        return json.load(handle)\n```' },
        settings: { actions: { mode: 'chat' } },
        env: { LINE: '6', ACTION_TITLE: 'Fix with AI: "jsn" is not defined', DIAGNOSTICS: JSON.stringify([diagnostic]) },
      });
      expect(run.status, run.output).toBe(0);
      expect(run.saved).toBe(broken.replace('jsn.load', 'json.load'));
    });

    it('shows a block as ghost text (clients/neovim ghost_text) and accepts it', async () => {
      const body = 'if n < 2:\n        return n\n    return fib(n - 1) + fib(n - 2)';
      const run = await runNeovim({
        scenario: 'ghost',
        file: 'fib.py',
        original: 'def fib(n):\n    \n\n\nprint(fib(10))\n',
        behavior: { text: body },
        env: { INFILL_CLIENT_DIR: CLIENT_DIR, LINE: '2', COL: '4' },
      });
      expect(run.status, run.output).toBe(0);
      expect(run.output).toContain('virtual text: if n < 2:');
      expect(run.saved).toBe(`def fib(n):\n    ${body}\n\n\nprint(fib(10))\n`);
    });
  });
});
