import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { editorAvailable } from './editors';
import { runProcess } from './process';
import { readmeSnippet, readmeSnippetTests } from './readmeSnippets';

const CLIENTS = path.resolve(__dirname, '../../clients');

describe('client configs for editors that cannot run here', () => {
  it('Helix: languages.toml parses and adds infill-ls beside each language’s own server', async () => {
    // Python's tomllib is the TOML parser at hand (Python 3.11 is on every machine of this kind).
    const script = [
      'import json, sys, tomllib',
      'print(json.dumps(tomllib.load(open(sys.argv[1], "rb"))))',
    ].join('\n');
    const result = await runProcess('python3', ['-c', script, path.join(CLIENTS, 'helix', 'languages.toml')], { env: process.env });
    expect(result.stderr).toBe('');
    const config = JSON.parse(result.stdout) as {
      'language-server': Record<string, { command: string; args: string[]; timeout: number; config: { infill: unknown } }>;
      language: Array<{ name: string; 'language-servers': string[] }>;
    };
    expect(config['language-server']['infill-ls']).toEqual({
      command: 'infill-ls',
      args: ['--stdio'],
      timeout: 60,
      config: { infill: { model: { name: 'qwen2.5-coder:1.5b-base' }, completion: { debounceMs: 150 } } },
    });
    for (const language of config.language) {
      expect(language['language-servers'], language.name).toContain('infill-ls');
      expect(language['language-servers'].length, `${language.name} keeps its own server`).toBe(2);
      expect(language['language-servers'][1], `${language.name}: its own server first`).toBe('infill-ls');
    }
  });
});

/** Parses TOML with Python's tomllib (Python 3.11 is on every machine of this kind). */
async function parseToml(text: string): Promise<any> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'readme-toml-')), 'snippet.toml');
  fs.writeFileSync(file, text);
  const script = 'import json, sys, tomllib\nprint(json.dumps(tomllib.load(open(sys.argv[1], "rb"))))';
  const result = await runProcess('python3', ['-c', script, file], { env: process.env });
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout);
}

const MODEL = { name: 'qwen2.5-coder:1.5b-base', endpoint: 'http://127.0.0.1:11434' };

describe("the README's snippets for editors that cannot run here", () => {
  it('marks every editor snippet with the test that runs it', () => {
    expect(readmeSnippetTests()).toEqual(['neovim-0.11', 'neovim-0.10', 'neovim-plugin', 'helix', 'emacs', 'emacs-plugin', 'vim-ale', 'vim-lsp', 'kakoune', 'zed', 'sublime']);
  });

  it('Helix: parses as TOML, raises the timeout, and puts infill-ls after each language’s own server', async () => {
    const config = await parseToml(readmeSnippet('helix'));
    expect(config['language-server']['infill-ls']).toEqual({ command: 'infill-ls', args: ['--stdio'], timeout: 60, config: { infill: { model: MODEL } } });
    expect(config.language.map((l: { 'language-servers': string[] }) => l['language-servers'])).toEqual([
      ['pylsp', 'infill-ls'],
      ['rust-analyzer', 'infill-ls'],
    ]);
  });

  it('Kakoune: parses as TOML with the server and its settings', async () => {
    const config = await parseToml(readmeSnippet('kakoune'));
    expect(config.language_server['infill-ls']).toEqual({
      filetypes: ['python', 'typescript', 'javascript', 'rust', 'go'],
      roots: ['.git'],
      command: 'infill-ls',
      args: ['--stdio'],
      settings: { infill: { model: MODEL } },
    });
  });

  it('Zed: is JSON that adds infill-ls beside each language’s own servers', () => {
    const zed = JSON.parse(readmeSnippet('zed'));
    expect(zed.lsp['infill-ls']).toEqual({ binary: { path: 'infill-ls', arguments: ['--stdio'] }, initialization_options: { infill: { model: MODEL } } });
    expect(zed.languages).toEqual({ Python: { language_servers: ['...', 'infill-ls'] }, TypeScript: { language_servers: ['...', 'infill-ls'] } });
  });

  it('Sublime Text: is JSON with the server command, its languages and settings', () => {
    const sublime = JSON.parse(readmeSnippet('sublime'));
    expect(sublime.clients['infill-ls']).toEqual({
      enabled: true,
      command: ['infill-ls', '--stdio'],
      selector: 'source.python | source.ts | source.tsx | source.js | source.rust | source.go',
      initializationOptions: { infill: { model: MODEL } },
    });
  });
});

describe('more client configs', () => {
  const read = (...p: string[]) => fs.readFileSync(path.join(CLIENTS, ...p), 'utf8');

  it('Zed: settings.json is JSON that adds infill-ls beside each language’s servers', () => {
    const zed = JSON.parse(read('zed', 'settings.json'));
    expect(zed.lsp['infill-ls'].binary).toEqual({ path: 'infill-ls', arguments: ['--stdio'] });
    for (const [name, language] of Object.entries<{ language_servers: string[] }>(zed.languages)) {
      expect(language.language_servers, name).toEqual(['...', 'infill-ls']);
    }
  });

  it('Sublime Text: LSP.sublime-settings is JSON with the server command', () => {
    const sublime = JSON.parse(read('sublime', 'LSP.sublime-settings'));
    expect(sublime.clients['infill-ls']).toMatchObject({ enabled: true, command: ['infill-ls', '--stdio'] });
  });

  it('Kakoune: kak-lsp.toml parses', async () => {
    const script = 'import json, sys, tomllib\nprint(json.dumps(tomllib.load(open(sys.argv[1], "rb"))))';
    const result = await runProcess('python3', ['-c', script, path.join(CLIENTS, 'kakoune', 'kak-lsp.toml')], { env: process.env });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout).language_server['infill-ls']).toMatchObject({ command: 'infill-ls', args: ['--stdio'] });
  });

  it.runIf(editorAvailable('nvim'))('Vim: infill-ls.vim is read by Vim script without errors (Neovim runs Vim script)', async () => {
    const result = await runProcess('nvim', ['--headless', '--clean', '-n', '-i', 'NONE', '-c', `source ${path.join(CLIENTS, 'vim', 'infill-ls.vim')}`, '-c', 'qall!'], { env: process.env });
    expect(result.stderr.trim()).toBe('');
    expect(result.status).toBe(0);
  });
});

describe('VS Code', () => {
  it('the extension bundles into a folder that loads with nothing beside it but VS Code (it is not published)', async () => {
    const bundled = await runProcess('npm', ['run', '--silent', 'vscode:bundle'], { env: process.env });
    expect(bundled.stderr).toBe('');
    expect(bundled.status).toBe(0);
    const manifest = JSON.parse(fs.readFileSync(path.join(CLIENTS, 'vscode', 'package.json'), 'utf8'));
    // Installed as the README says: the folder alone, under ~/.vscode/extensions.
    const extensions = fs.mkdtempSync(path.join(os.tmpdir(), 'vscode-extensions-'));
    const installed = path.join(extensions, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
    fs.cpSync(path.join(CLIENTS, 'vscode'), installed, { recursive: true, filter: (f) => !f.includes(`${path.sep}out`) && !f.includes(`${path.sep}src`) });
    // What VS Code does: `require` the entry, with `vscode` provided by the editor. Any other
    // module it asks for must be Node's own.
    const load = [
      "const Module = require('module');",
      "const { isAbsolute } = require('path');",
      'const asked = [];',
      'const load = Module._load;',
      // The API's classes and enums, as far as loading needs them: every name a class.
      'const vscode = new Proxy({}, { get: (api, name) => (api[name] ??= class {}) });',
      "Module._load = function (request, ...rest) { if (request === 'vscode') return vscode; if (!request.startsWith('.') && !isAbsolute(request)) asked.push(request); return load.call(this, request, ...rest); };",
      `const ext = require(${JSON.stringify(path.join(installed, manifest.main))});`,
      "console.log(JSON.stringify({ exports: Object.keys(ext).sort(), foreign: asked.filter((m) => !Module.isBuiltin(m)) }));",
    ].join('\n');
    const result = await runProcess(process.execPath, ['-e', load], { env: process.env });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({ exports: ['activate', 'deactivate'], foreign: [] });
    const properties = manifest.contributes.configuration.properties;
    expect(Object.keys(properties)).toEqual(['infill.server.command', 'infill.model', 'infill.completion', 'infill.actions.mode', 'infill.actions.model', 'infill.actions.maxAttempts', 'infill.actions.checkCommands']);
    // What names a program to run is a user setting only: a workspace cannot set it.
    expect(Object.keys(properties).filter((k) => properties[k].scope === 'machine')).toEqual(['infill.server.command', 'infill.actions.checkCommands']);
  });
});
