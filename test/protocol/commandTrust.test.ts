import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as url from 'node:url';
import { describe, expect, it } from 'vitest';
import { applyEdits, type LspClient } from './lspClient';
import { startSession } from './session';

/**
 * Issue 12: settings may come from a project, so a command they name runs only once the
 * user allowed it (asked with window/showMessageRequest, the answer remembered outside any
 * workspace), or allowed it in their own config file or with --allow-commands.
 */
const STUB = 'def total(items):\n    pass\n';
const BODY = 'return sum(items)';
const RESOLVING = { textDocument: { codeAction: { resolveSupport: { properties: ['edit'] }, dataSupport: true } } };

/** A workspace with one file, state and config folders of the user, and a check command that leaves a mark when it runs. */
function setup() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'infill-trust-'));
  const workspace = path.join(root, 'project');
  fs.mkdirSync(workspace);
  const file = path.join(workspace, 'cart.py');
  fs.writeFileSync(file, STUB);
  const mark = path.join(root, 'ran');
  const check = [process.execPath, '-e', "require('fs').writeFileSync(process.argv[1], 'ran')", mark];
  const env = { XDG_STATE_HOME: path.join(root, 'state'), XDG_CONFIG_HOME: path.join(root, 'config') };
  return { root, workspace, uri: url.pathToFileURL(file).href, mark, check, env };
}

async function implement(client: LspClient, uri: string) {
  client.open(uri, STUB, 'python');
  const r = await client.request('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 1, character: 4 }, end: { line: 1, character: 4 } }, context: { diagnostics: [] } });
  const resolved = await client.request('codeAction/resolve', r.result[0]);
  return resolved.result.edit ? applyEdits(STUB, resolved.result.edit.changes[uri]) : STUB;
}

async function session(s: ReturnType<typeof setup>, answer: string | Error | undefined, args: string[] = ['--stdio']) {
  const { client } = await startSession({
    capabilities: RESOLVING,
    env: s.env,
    args,
    fake: { behavior: { text: BODY } },
  });
  const asked: string[] = [];
  if (answer !== undefined) {
    client.handlers.set('window/showMessageRequest', async (params) => {
      asked.push(params.message);
      if (answer instanceof Error) throw answer;
      return { title: answer };
    });
  }
  // The workspace's settings name the command (pushed, as a project's settings would be).
  client.request('initialize', {}); // refused (already initialized): harmless noise
  client.notify('workspace/didChangeConfiguration', { settings: { infill: { actions: { checkCommands: { python: s.check } } } } });
  return { client, asked };
}

const shown = (client: LspClient) => client.notifications('window/showMessage').map((m) => m.params.message as string);

describe('a command named in the settings', () => {
  it('does not run when the user says "Don\'t allow", and the answer is remembered', async () => {
    const s = setup();
    const first = await session(s, "Don't allow");
    expect(await implement(first.client, s.uri)).toBe(STUB.replace('pass', BODY));
    expect(fs.existsSync(s.mark)).toBe(false);
    expect(first.asked).toEqual([`infill-ls: the settings for files outside any workspace ask to run \`${s.check.join(' ')}\` for checking python code. Allow this command to run in this workspace?`]);
    expect(shown(first.client)).toContain(
      `infill-ls: did not run \`${s.check.join(' ')}\` from the settings of files outside any workspace: you did not allow it. To allow it, answer "Allow" when asked, add it to "allowedCommands" in ${path.join(s.env.XDG_CONFIG_HOME, 'infill-ls', 'config.json')}, or start infill-ls with --allow-commands.`,
    );
    // A new session does not ask again, and does not run it.
    const second = await session(s, 'Allow');
    await implement(second.client, s.uri);
    expect(second.asked).toEqual([]);
    expect(fs.existsSync(s.mark)).toBe(false);
  });

  it('runs once the user allowed it, and is not asked again', async () => {
    const s = setup();
    const first = await session(s, 'Allow');
    await implement(first.client, s.uri);
    expect(fs.readFileSync(s.mark, 'utf8')).toBe('ran');
    fs.rmSync(s.mark);
    const second = await session(s, 'Allow');
    await implement(second.client, s.uri);
    expect(second.asked).toEqual([]);
    expect(fs.readFileSync(s.mark, 'utf8')).toBe('ran');
    // Remembered in the user's state folder, not in the workspace.
    expect(fs.readdirSync(path.join(s.env.XDG_STATE_HOME, 'infill-ls'))).toEqual(['allowed-commands.json']);
    expect(fs.readdirSync(s.workspace)).toEqual(['cart.py']);
  });

  it('does not run when the editor cannot ask (an error answer)', async () => {
    const s = setup();
    const { client } = await session(s, new Error('method not found'));
    await implement(client, s.uri);
    expect(fs.existsSync(s.mark)).toBe(false);
    expect(shown(client).some((m) => m.includes('it was not allowed (the editor did not ask, or there was no answer)'))).toBe(true);
  });

  it('runs without asking when the user allowed it in their own config file, or with --allow-commands', async () => {
    const s = setup();
    fs.mkdirSync(path.join(s.env.XDG_CONFIG_HOME, 'infill-ls'), { recursive: true });
    fs.writeFileSync(path.join(s.env.XDG_CONFIG_HOME, 'infill-ls', 'config.json'), JSON.stringify({ allowedCommands: [s.check] }));
    const configured = await session(s, 'Allow');
    await implement(configured.client, s.uri);
    expect(configured.asked).toEqual([]);
    expect(fs.existsSync(s.mark)).toBe(true);

    const t = setup();
    const flagged = await session(t, 'Allow', ['--stdio', '--allow-commands']);
    await implement(flagged.client, t.uri);
    expect(flagged.asked).toEqual([]);
    expect(fs.existsSync(t.mark)).toBe(true);
  });

  it('is not run for a document that is not a file on disk, and says so', async () => {
    const s = setup();
    const { client, asked } = await session(s, 'Allow');
    expect(await implement(client, 'untitled:Untitled-1')).toBe(STUB.replace('pass', BODY));
    expect(asked).toEqual([]);
    expect(shown(client)).toContain('infill-ls: the check command for python is not run for untitled:Untitled-1: it is not a file on disk.');
  });
});
