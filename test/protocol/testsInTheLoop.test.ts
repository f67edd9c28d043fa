// `actions.testCommand`: the user's tests run on each candidate in a scratch copy of the
// workspace; their failure output goes back to the model; only what passes is applied.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as url from 'node:url';
import { describe, expect, it } from 'vitest';
import { fileTree } from './fileTree';
import { applyEdits, type LspClient } from './lspClient';
import { startSession, type SessionOptions } from './session';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'eval-project', 'python');
const RESOLVING = { textDocument: { codeAction: { resolveSupport: { properties: ['edit'] }, dataSupport: true } }, window: { workDoneProgress: true } };
const ORIGINAL = fs.readFileSync(path.join(FIXTURE, 'calc.py'), 'utf8');
const BODY = '    total = a + b\n    return total\n';
/** calc.py with `add` a stub: what the user asks to implement. */
const STUB = ORIGINAL.replace(BODY, '    pass\n');
const RIGHT = 'total = a + b\n    return total';
const WRONG = 'return a - b';
const UNITTEST = ['python3', '-m', 'unittest'];

/** A workspace folder holding the sample project with `add` stubbed, as saved on disk. */
function workspace(): { root: string; uri: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'infill-tests-'));
  fs.cpSync(FIXTURE, root, { recursive: true });
  fs.writeFileSync(path.join(root, 'calc.py'), STUB);
  return { root, uri: url.pathToFileURL(path.join(root, 'calc.py')).href };
}

/** The server's own temp folder, so that what it leaves there can be seen (other tests run beside it). */
const serverTmp = fs.mkdtempSync(path.join(os.tmpdir(), 'infill-server-tmp-'));

async function session(root: string, settings: Record<string, unknown>, fake: SessionOptions['fake']) {
  const s = await startSession({
    env: { TMPDIR: serverTmp },
    capabilities: RESOLVING,
    settings,
    fake,
    args: ['--stdio', '--allow-commands'],
    initialize: { workspaceFolders: [{ uri: url.pathToFileURL(root).href, name: 'calc' }] },
  });
  s.client.handlers.set('window/workDoneProgress/create', () => null);
  return s;
}

async function implementAdd(client: LspClient, uri: string) {
  client.open(uri, STUB, 'python');
  const line = STUB.split('\n').indexOf('def add(a, b):');
  const listed = await client.request('textDocument/codeAction', {
    textDocument: { uri },
    range: { start: { line, character: 0 }, end: { line, character: 0 } },
    context: { diagnostics: [] },
  });
  const action = listed.result.find((a: any) => a.title === 'Implement add');
  return client.request('codeAction/resolve', action);
}

function shown(client: LspClient): string[] {
  return client.notifications('window/showMessage').map((m) => m.params.message);
}

/** Answers right only once the prompt holds the tests' assertion: the output must reach the model. */
const LEARNS_FROM_TESTS = { behavior: { text: (req: any) => (JSON.stringify(req.body).includes('AssertionError: -1 != 5') ? RIGHT : WRONG) } };

describe('actions.testCommand', () => {
  it('turns a failing first answer into the passing second one through the test output (fill in the middle), and touches nothing on disk', async () => {
    const { root, uri } = workspace();
    const before = fileTree(root);
    const { client, fake } = await session(root, { actions: { testCommand: { python: UNITTEST } } }, LEARNS_FROM_TESTS);
    const resolved = await implementAdd(client, uri);
    expect(applyEdits(STUB, resolved.result.edit.changes[uri])).toBe(ORIGINAL);
    const prompts = fake.generationRequests().map((r) => String(r.body.prompt));
    expect(prompts).toHaveLength(2);
    const docstring = '"""Return the sum of a and b."""\n';
    const note = prompts[1].slice(prompts[1].indexOf(docstring) + docstring.length);
    expect(note.split('\n').slice(0, 4)).toEqual([
      '    # The previous attempt failed: the tests fail: test_add (tests.test_calc.AddTest.test_add)',
      '    # It was:',
      '    #     return a - b',
      '    # Output:',
    ]);
    expect(note).toContain('    #     AssertionError: -1 != 5\n');
    expect(note.endsWith('\n    ')).toBe(true);
    // Progress says which attempt runs the tests.
    const reports = client.notifications('$/progress').map((m) => m.params.value.message);
    expect(reports).toEqual(['Implementing add', 'attempt 1 of 3: running the tests (python3 -m unittest)', 'attempt 2 of 3', 'attempt 2 of 3: running the tests (python3 -m unittest)', undefined]);
    expect(fileTree(root)).toEqual(before);
    // The scratch copy is gone.
    expect(fs.readdirSync(serverTmp)).toEqual([]);
  });

  it('feeds the output back in chat mode too', async () => {
    const { root, uri } = workspace();
    const fenced = (body: string) => '```python\ndef add(a, b):\n    """Return the sum of a and b."""\n    ' + body + '\n```';
    const { client, fake } = await session(root, { actions: { mode: 'chat', testCommand: { python: UNITTEST } } }, {
      behavior: { text: (req: any) => fenced(JSON.stringify(req.body).includes('AssertionError: -1 != 5') ? RIGHT : WRONG) },
    });
    const resolved = await implementAdd(client, uri);
    expect(applyEdits(STUB, resolved.result.edit.changes[uri])).toBe(ORIGINAL);
    const retry = fake.generationRequests()[1].body.messages.at(-1).content as string;
    expect(retry.startsWith('That does not work: the tests fail: test_add (tests.test_calc.AddTest.test_add)\n')).toBe(true);
    expect(retry).toContain('AssertionError: -1 != 5');
  });

  it('applies nothing when no answer passes, and names the failing test', async () => {
    const { root, uri } = workspace();
    const { client } = await session(root, { actions: { testCommand: { python: UNITTEST }, maxAttempts: 2 } }, { behavior: { text: WRONG } });
    const resolved = await implementAdd(client, uri);
    expect(resolved.result.edit).toBeUndefined();
    expect(shown(client)).toEqual(['infill-ls: could not implement add after 2 attempts: the tests fail: test_add (tests.test_calc.AddTest.test_add). The stub is unchanged.']);
  });

  it('applies the last answer anyway with actions.applyFailing, and says which test fails', async () => {
    const { root, uri } = workspace();
    const { client } = await session(root, { actions: { testCommand: { python: UNITTEST }, maxAttempts: 2, applyFailing: true } }, { behavior: { text: WRONG } });
    const resolved = await implementAdd(client, uri);
    expect(applyEdits(STUB, resolved.result.edit.changes[uri])).toBe(STUB.replace('    pass\n', `    ${WRONG}\n`));
    expect(shown(client)).toEqual(['infill-ls: applied the implementation of add (actions.applyFailing is on), although the tests fail: test_add (tests.test_calc.AddTest.test_add).']);
  });

  it('kills a test run that hangs at actions.testTimeoutMs, with the processes it started', async () => {
    const { root, uri } = workspace();
    // A grandchild that would outlive a plain kill of the command; durations no other
    // process on the machine is likely to sleep for (a CI script's `sleep 30` is not one of them).
    const seconds = [300_000 + (process.pid % 100_000) * 2, 300_001 + (process.pid % 100_000) * 2];
    const hang = ['sh', '-c', `sleep ${seconds[0]} & exec sleep ${seconds[1]}`];
    const { client } = await session(root, { actions: { testCommand: { python: hang }, testTimeoutMs: 1000, maxAttempts: 1 } }, { behavior: { text: RIGHT } });
    const resolved = await implementAdd(client, uri);
    expect(resolved.result.edit).toBeUndefined();
    expect(shown(client)).toEqual([`infill-ls: could not implement add after 1 attempt: the tests did not finish within 1000 ms: ${hang.join(' ')}. The stub is unchanged.`]);
    const sleeping = fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p)).filter((p) => {
      try {
        const cmdline = fs.readFileSync(`/proc/${p}/cmdline`, 'utf8');
        return seconds.some((n) => cmdline === `sleep\u0000${n}\u0000`);
      } catch {
        return false;
      }
    });
    expect(sleeping).toEqual([]);
  });

  it('Fix with AI: a fix whose tests fail is sent back with the output, the one that passes is applied', async () => {
    const { root, uri } = workspace();
    const broken = ORIGINAL.replace('    total = a + b\n', '    total = a + c\n');
    fs.writeFileSync(path.join(root, 'calc.py'), broken);
    const { client, fake } = await session(root, { actions: { testCommand: { python: UNITTEST } } }, {
      behavior: {
        text: (req: any) => {
          const wrongFix = 'def add(a, b):\n    """Return the sum of a and b."""\n    total = a * b\n    return total\n';
          return JSON.stringify(req.body).includes('AssertionError: 6 != 5') ? wrongFix.replace('a * b', 'a + b') : wrongFix;
        },
      },
    });
    client.open(uri, broken, 'python');
    const line = broken.split('\n').indexOf('    total = a + c');
    const diagnostic = { range: { start: { line, character: 16 }, end: { line, character: 17 } }, message: '"c" is not defined', source: 'Pyright', severity: 1 };
    const listed = await client.request('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
    const resolved = await client.request('codeAction/resolve', listed.result[0]);
    expect(applyEdits(broken, resolved.result.edit.changes[uri])).toBe(ORIGINAL);
    const prompts = fake.generationRequests().map((r) => String(r.body.prompt));
    expect(prompts).toHaveLength(2);
    expect(prompts[1]).toContain('# (an earlier fix failed: the tests fail: test_add (tests.test_calc.AddTest.test_add))\n# It was:\n#     def add(a, b):\n');
  });

  it('is not run, with a message saying why, for a file outside the workspace folders', async () => {
    const { root } = workspace();
    const elsewhere = workspace();
    const { client } = await session(root, { actions: { testCommand: { python: UNITTEST } } }, { behavior: { text: RIGHT } });
    const resolved = await implementAdd(client, elsewhere.uri);
    expect(applyEdits(STUB, resolved.result.edit.changes[elsewhere.uri])).toBe(ORIGINAL);
    expect(shown(client)).toEqual([
      `infill-ls: the test command for python is not run for ${elsewhere.uri}: it is not inside a workspace folder (the tests run in a copy of that folder).`,
    ]);
  });
});
