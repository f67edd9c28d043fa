import * as fs from 'node:fs';
import * as path from 'node:path';
import { SERVER_MAIN } from '../protocol/lspClient';

const REPO = path.resolve(__dirname, '../..');
const README = path.join(REPO, 'README.md');

/** What a snippet says where a user puts their own: the model server, and the clone of infill-ls. */
const PLACEHOLDERS = { endpoint: 'http://127.0.0.1:11434', clone: '/path/to/infill-ls' };

/**
 * The README's snippet for one test: the fenced block whose info string names it
 * (```` ```lua infill-test=neovim-0.10 ````), indented as a list item's code or not.
 */
export function readmeSnippet(test: string): string {
  const fences = [...fs.readFileSync(README, 'utf8').matchAll(/^( *)```\S* infill-test=(\S+)\n([\s\S]*?)^\1```$/gm)];
  const found = fences.filter((m) => m[2] === test);
  if (found.length !== 1) throw new Error(`README.md has ${found.length} snippets marked infill-test=${test}`);
  const [, indent, , body] = found[0];
  return body.replace(new RegExp(`^${indent}`, 'gm'), '');
}

/** Every test name the README's snippets are marked with, in order. */
export function readmeSnippetTests(): string[] {
  return [...fs.readFileSync(README, 'utf8').matchAll(/^ *```\S* infill-test=(\S+)$/gm)].map((m) => m[1]);
}

/**
 * The snippet as a user pastes it into a fresh config, against the fake model at
 * `endpoint`: the same two substitutions for every editor, the endpoint and the clone's
 * path. The command stays `infill-ls`, found on PATH (see userEnvironment).
 */
export function pastedSnippet(test: string, endpoint: string): string {
  const snippet = readmeSnippet(test);
  if (!snippet.includes(PLACEHOLDERS.endpoint)) throw new Error(`the ${test} snippet names no endpoint (${PLACEHOLDERS.endpoint})`);
  return filledIn(snippet, endpoint);
}

/** Config text with the user's own values where the README has its placeholders. */
export function filledIn(text: string, endpoint: string): string {
  return text.replaceAll(PLACEHOLDERS.endpoint, endpoint).replaceAll(PLACEHOLDERS.clone, REPO);
}

/** Writes the pasted snippet to `file` under `home` (its folders made) and returns the file's path. */
export function writeConfig(home: string, file: string, text: string): string {
  const target = path.join(home, file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, text);
  return target;
}

/**
 * The environment of a new user whose home is `home`: `infill-ls` on PATH as `npm link`
 * puts it (a link to the built server), XDG folders inside `home`, no OLLAMA_HOST.
 */
export function userEnvironment(home: string): NodeJS.ProcessEnv {
  const bin = path.join(home, '.local', 'bin');
  fs.mkdirSync(bin, { recursive: true });
  fs.symlinkSync(SERVER_MAIN, path.join(bin, 'infill-ls'));
  const { OLLAMA_HOST: _ollama, XDG_CONFIG_HOME: _config, XDG_DATA_HOME: _data, XDG_STATE_HOME: _state, XDG_CACHE_HOME: _cache, ...inherited } = process.env;
  return {
    ...inherited,
    HOME: home,
    PATH: [bin, path.dirname(process.execPath), process.env.PATH ?? ''].join(path.delimiter), // node for the server's #! line
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    XDG_STATE_HOME: path.join(home, '.local', 'state'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
  };
}
