import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as url from 'node:url';
import { describe, expect, it } from 'vitest';
import { closedPort } from '../fake-model';
import { HelixClient, type ChosenAction, type ServerRequest } from './helixClient';
import { live, startHelix } from './helixSession';
import { helixCapabilities, HELIX_VERSIONS, TRAITS } from './helixVersions';
import { OtherServer } from './otherServer';
import { configSection } from './serverRequests';

const PY = 'python';
const STUB_URI = 'file:///work/shop/cart.py';
const STUB = 'import math\n\n\nclass Cart:\n    def total(self):\n        """Sum of the prices, rounded to cents."""\n        pass\n\n    def size(self):\n        return len(self.items)\n';
const BODY = 'total = sum(item.price for item in self.items)\n        return math.floor(total * 100) / 100';
const IMPLEMENTED = STUB.replace('        pass\n', `        ${BODY}\n`);
const STORE_URI = 'file:///work/shop/store.py';
const ORIGINAL = 'import json\n\n\ndef load(path):\n    with open(path) as handle:\n        return json.load(handle)\n\n\ndef area(w, h):\n    return w * h\n';
const BROKEN = ORIGINAL.replace('json.load(handle)', 'jsn.load(handle)');
const FENCED_LOAD = 'The name is misspelled:\n\n```python\ndef load(path):\n    with open(path) as handle:\n        return json.load(handle)\n```';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const requestsFor = (helix: HelixClient, method: string) => helix.serverRequests.filter((r) => r.method === method);

describe('configSection (application.rs workspace/configuration)', () => {
  it('walks the dotted section; missing is null; an empty or absent section is the whole config', () => {
    const config = { infill: { completion: { debounceMs: 0 } } };
    expect(configSection(config, 'infill')).toEqual(config.infill);
    expect(configSection(config, 'infill.completion.debounceMs')).toBe(0);
    expect(configSection(config, 'infill.nothing')).toBeNull();
    expect(configSection(config, '')).toEqual(config);
    expect(configSection(config, undefined)).toEqual(config);
    expect(configSection(undefined, 'infill')).toBeNull();
  });
});

describe("Helix's transport before initialization", () => {
  it('drops notifications and holds requests until `initialized` has gone out', async () => {
    const helix = new HelixClient({ version: '25.07.1', config: { infill: { startup: { checkModels: false } } } });
    live.push({ helix });
    const uri = 'file:///work/shop/early.py';
    const starting = helix.start(); // initialize (id 0) is written; its answer has not come
    helix.infill.notify('textDocument/didOpen', { textDocument: { uri, languageId: PY, version: 0, text: 'x = 1\n' } });
    const early = helix.infill.request('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 0 }, context: { triggerKind: 1 } });
    await starting;
    expect(helix.infill.sent.map((t) => t.message.method)).toEqual(['initialize', 'initialized', 'textDocument/completion', 'workspace/didChangeConfiguration']);
    expect(helix.infill.sent[2].message.id).toBe(1);
    // The didOpen never went out, so the held request finds no document.
    expect((await early).error).toEqual({ code: -32602, message: `infill-ls has no open document ${uri}; send textDocument/didOpen first` });
  });
});

describe.each(HELIX_VERSIONS)('Helix %s', (version) => {
  describe('handshake and settings', () => {
    it('initializes as Helix, sends the config three ways, and infill-ls picks utf-8; a completion after non-ASCII text lands on the right bytes', async () => {
      const uri = 'file:///work/shop/names.py';
      const { helix, fake, config } = await startHelix({
        version,
        settings: { completion: { maxTokens: 37 } },
        fake: { behavior: { text: 'naïve + "語"' } },
        open: [uri, PY, '# 日本語のコメント\nnaïve = "日本" ; x = █\n'],
      });
      const sent = helix.infill.sent.map((t) => t.message);
      expect(sent.slice(0, 4)).toEqual([
        {
          jsonrpc: '2.0',
          id: 0,
          method: 'initialize',
          params: {
            processId: process.pid,
            rootPath: helix.workdir,
            rootUri: null,
            initializationOptions: config,
            capabilities: helixCapabilities(version),
            workspaceFolders: [],
            clientInfo: { name: 'helix', version: TRAITS[version].clientVersion },
          },
        },
        { jsonrpc: '2.0', method: 'initialized', params: {} },
        { jsonrpc: '2.0', method: 'workspace/didChangeConfiguration', params: { settings: config } },
        { jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: PY, version: 0, text: '# 日本語のコメント\nnaïve = "日本" ; x = \n' } } },
      ]);
      expect(helix.initializeResult.capabilities.positionEncoding).toBe('utf-8');
      expect(helix.initializeResult.serverInfo.name).toBe('infill-ls');
      // Pulled at `initialized` and again after didChangeConfiguration; Helix answers with config.infill.
      await helix.waitFor(() => requestsFor(helix, 'workspace/configuration').filter((r) => r.answer).length >= 2, 'two workspace/configuration requests');
      for (const r of requestsFor(helix, 'workspace/configuration')) {
        expect(r.params).toEqual({ items: [{ section: 'infill' }] });
        expect(r.answer).toEqual({ result: [config.infill] });
      }

      const round = (await helix.complete())!;
      // After "naïve = "日本" ; x = ": 6 + 4 + 6 + 8 = 24 bytes (19 UTF-16 units).
      expect(round.requests).toEqual([
        { server: 'infill-ls', params: { textDocument: { uri }, position: { line: 1, character: 24 }, context: { triggerKind: 1 } }, at: expect.any(Number) },
      ]);
      const [request] = fake.generationRequests();
      expect(request.body.prompt.endsWith('naïve = "日本" ; x = ')).toBe(true);
      expect(request.body.options.num_predict).toBe(37); // the config took effect
      const entry = helix.completion.menu!.find('infill-ls', (i) => i.label === 'naïve + "語"');
      expect(entry.item.textEdit).toEqual({ range: { start: { line: 1, character: 24 }, end: { line: 1, character: 24 } }, newText: 'naïve + "語"' });
      await helix.completion.accept(entry);
      expect(helix.document().text).toBe('# 日本語のコメント\nnaïve = "日本" ; x = naïve + "語"\n');
      // The preview's temporary transactions raised the version twice without a didChange.
      expect(helix.infill.sent.at(-1)!.message).toEqual({
        jsonrpc: '2.0',
        method: 'textDocument/didChange',
        params: { textDocument: { uri, version: 3 }, contentChanges: [{ range: { start: { line: 1, character: 24 }, end: { line: 1, character: 24 } }, text: 'naïve + "語"' }] },
      });
      expect(helix.shown).toEqual([]);
    });

    it('without a config sends no initializationOptions and no didChangeConfiguration, and answers workspace/configuration with null', async () => {
      const helix = new HelixClient({ version });
      live.push({ helix });
      await helix.start();
      expect(helix.infill.sent[0].message.params).not.toHaveProperty('initializationOptions');
      await helix.waitFor(() => requestsFor(helix, 'workspace/configuration').some((r) => r.answer), 'workspace/configuration');
      expect(requestsFor(helix, 'workspace/configuration')[0].answer).toEqual({ result: [null] });
      expect(helix.infill.sent.map((t) => t.message.method)).not.toContain('workspace/didChangeConfiguration');
    });
  });

  describe('completion', () => {
    it('declares no trigger characters: a space, a comma or "=" asks no server; the other server\'s "." asks both', async () => {
      const other = new OtherServer();
      const { helix } = await startHelix({ version, others: [other], fake: { behavior: { text: 'x' } }, open: ['file:///work/shop/f.py', PY, 'def f(a, b):\n    █\n'] });
      expect(helix.initializeResult.capabilities.completionProvider.triggerCharacters ?? []).toEqual([]);
      expect(await helix.type('x = a, b')).toBeUndefined();
      expect(other.completionRequests()).toEqual([]);
      expect(helix.infill.sent.filter((t) => t.message.method === 'textDocument/completion')).toEqual([]);
      // Helix asks every server when any server's trigger character is typed; the others as Invoked.
      const round = (await helix.type('.'))!;
      expect(round.requests.map((r) => [r.server, r.params.context])).toEqual([
        ['pyright', { triggerKind: 2, triggerCharacter: '.' }],
        ['infill-ls', { triggerKind: 1 }],
      ]);
    });

    it('with the model down, infill-ls answers an empty, complete list, so the other server\'s items still open the menu 150 ms after it', async () => {
      const other = new OtherServer({ delayMs: 150 });
      const { helix } = await startHelix({ version, others: [other], endpoint: `http://127.0.0.1:${await closedPort()}`, open: ['file:///work/shop/show.py', PY, 'def show(items):\n    █\n'] });
      // The other server answers 150 ms after infill-ls has (past Helix's 100 ms wait for more answers).
      other.before = async () => {
        await new Promise((resolve) => setImmediate(resolve)); // Helix asks every server in the same loop
        const asked = helix.infill.sent.filter((t) => t.message.method === 'textDocument/completion').at(-1)!.message.id;
        await helix.waitFor(() => helix.infill.received.some((t) => t.message.id === asked && t.message.method === undefined), 'the answer of infill-ls');
      };
      await helix.type('pr');
      const round = await helix.idle();
      expect(round, 'an auto-triggered request after "pr"').toBeDefined();
      const infill = round!.answer('infill-ls')!;
      expect({ isIncomplete: infill.isIncomplete, items: infill.items }).toEqual({ isIncomplete: false, items: [] });
      expect(infill.at).toBeLessThan(round!.answer('pyright')!.at); // it did answer first
      expect(helix.completion.menu?.labels('pyright')).toEqual(['import', 'print', 'property']);
      expect(round!.lost).toEqual([]);
    });

    it('answers a pending request at once when the user types on, and serves the rest from its cache', async () => {
      const { helix, fake } = await startHelix({
        version,
        fake: { behavior: { text: 'th.pi * r ** 2', headerDelayMs: 1500 } },
        open: ['file:///work/shop/area.py', PY, 'import math\n\n\ndef area(r):\n    return █\n'],
      });
      await helix.type('ma');
      const pending = helix.idle();
      await fake.waitFor(() => fake.generationRequests().length === 1);
      const typedAt = performance.now();
      await helix.type('t'); // the start of what the model is writing
      expect(helix.completion.ignoredAutoTriggers).toBe(1); // Helix: a request is in flight
      const first = (await pending)!.answer('infill-ls')!;
      expect({ isIncomplete: first.isIncomplete, items: first.items }).toEqual({ isIncomplete: false, items: [] });
      expect(first.at - typedAt).toBeLessThan(1000);
      const [model] = fake.generationRequests();
      await fake.waitFor(() => model.finishedAt !== undefined || model.clientClosedAt !== undefined, 5000);

      await helix.type('h');
      await helix.idle();
      const entry = helix.completion.menu!.find('infill-ls', (i) => i.label === 'math.pi * r ** 2');
      await helix.completion.accept(entry);
      expect(helix.document().text).toBe('import math\n\n\ndef area(r):\n    return math.pi * r ** 2\n');
      expect(fake.generationRequests()).toHaveLength(1);
    });

    it('inserts a block verbatim at 4 spaces; typing its first word re-asks infill-ls and keeps the item, as Helix filters', async () => {
      const other = new OtherServer();
      const block = 'if n < 2:\n        return n\n    return fib(n - 1) + fib(n - 2)';
      const { helix, fake } = await startHelix({
        version,
        others: [other],
        fake: { behavior: { text: block } },
        open: ['file:///work/shop/fib.py', PY, 'def fib(n):\n    █\n\nprint(fib(10))\n'],
      });
      // On an empty line only Ctrl-x asks (the auto trigger needs two word characters).
      await helix.complete();
      expect(helix.completion.menu!.labels('infill-ls')).toEqual(['if n < 2:', 'if n < 2:']);
      await helix.type('if');
      const menu = helix.completion.menu!;
      expect(menu.filter).toBe('if');
      expect(menu.labels('pyright')).toEqual(['elif', 'if']);
      expect(menu.labels('infill-ls')).toEqual(['if n < 2:', 'if n < 2:']);
      // The open menu re-asked infill-ls (its list was incomplete) at the new cursor: served from its cache.
      expect(helix.completion.reasked.map((r) => [r.server, r.params.position, r.params.context])).toEqual([
        ['infill-ls', { line: 1, character: 5 }, { triggerKind: 3 }],
        ['infill-ls', { line: 1, character: 6 }, { triggerKind: 3 }],
      ]);
      expect(fake.generationRequests()).toHaveLength(1);
      const item = menu.find('infill-ls', (i) => (i.textEdit?.newText ?? '').includes('\n'));
      expect(item.item.insertTextFormat ?? 1).toBe(1);
      expect(item.item.textEdit).toEqual({ range: { start: { line: 1, character: 4 }, end: { line: 1, character: 6 } }, newText: block });
      await helix.completion.accept(item);
      expect(helix.document().text).toBe(`def fib(n):\n    ${block}\n\nprint(fib(10))\n`);
    });
  });

  describe('code actions', () => {
    /** The command path: resolve at once, the command runs the model, workspace/applyEdit delivers the edit. */
    async function expectCommandPath(helix: HelixClient, chosen: ChosenAction, label: string, uri: string, expected: string, progressMessage: string) {
      expect(chosen.resolve?.timedOut).toBeUndefined();
      expect(chosen.resolve?.error).toBeUndefined();
      expect(chosen.resolve?.result).toEqual(chosen.listed.action); // unchanged
      expect(chosen.blockedMs).toBeLessThan(1000);
      expect(chosen.requestsWhileBlocked).toEqual([]);
      expect(chosen.applied).toBeUndefined();
      expect(chosen.command).toEqual((chosen.listed.action as { command?: unknown }).command);
      await helix.waitFor(() => requestsFor(helix, 'workspace/applyEdit').some((r) => r.answer), 'workspace/applyEdit', 15_000);
      const [apply] = requestsFor(helix, 'workspace/applyEdit') as ServerRequest[];
      expect(apply.params.label).toBe(label);
      expect(apply.params.edit.documentChanges.map((c: any) => c.textDocument)).toEqual([{ uri, version: 0 }]);
      expect(apply.answer).toEqual({ result: { applied: true } });
      expect(helix.document().text).toBe(expected);
      expect((await chosen.commandDone)?.error).toBeUndefined();
      await helix.waitFor(() => helix.progress.some((p) => p.value.kind === 'end'), 'the end of the progress');
      const [created] = requestsFor(helix, 'window/workDoneProgress/create');
      expect(created.answer).toEqual({ result: null });
      expect(helix.progress.map((p) => [p.token === created.params.token, p.value])).toEqual([
        [true, { kind: 'begin', title: 'infill-ls', message: progressMessage, cancellable: false }],
        [true, { kind: 'end' }],
      ]);
      expect(helix.statusErrors).toEqual([]);
    }

    it('Implement: resolve answers at once while the model takes 2 s; the command makes the edit and sends it by workspace/applyEdit', async () => {
      const marked = STUB.replace('        pass', '        █pass');
      const { helix, fake } = await startHelix({
        version,
        timeoutMs: 5000,
        fake: { behavior: { text: BODY + '\n\n    def size(self):\n        return len(self.items)\n', headerDelayMs: 2000 } },
        open: [STUB_URI, PY, marked],
      });
      const actions = await helix.codeActions();
      expect(helix.codeActionRequests).toEqual([
        { server: 'infill-ls', params: { textDocument: { uri: STUB_URI }, range: { start: { line: 6, character: 8 }, end: { line: 6, character: 9 } }, context: { diagnostics: [], triggerKind: 1 } } },
      ]);
      const listed = actions.find((a) => a.action.title === 'Implement total')!;
      expect(listed.action).toMatchObject({ kind: 'refactor.rewrite', command: { command: 'infill.implementStub', arguments: [{ infill: 'implementStub', uri: STUB_URI, name: 'total' }] } });
      expect(listed.action).not.toHaveProperty('edit');
      const chosenAt = performance.now();
      const chosen = await helix.chooseAction(listed);
      await expectCommandPath(helix, chosen, 'Implement total', STUB_URI, IMPLEMENTED, 'Implementing total');
      expect(requestsFor(helix, 'workspace/applyEdit')[0].at - chosenAt).toBeGreaterThan(1500); // the model's 2 s were spent in the command
      expect(fake.generationRequests()).toHaveLength(1);
    });

    it('Implement while the user edits elsewhere (Helix is not frozen during the command): no edit, and the user is told', async () => {
      const { helix, fake } = await startHelix({
        version,
        timeoutMs: 5000,
        fake: { behavior: { text: BODY + '\n\n    def size(self):\n        return len(self.items)\n', headerDelayMs: 1000 } },
        open: [STUB_URI, PY, STUB.replace('        pass', '        █pass')],
      });
      const listed = (await helix.codeActions()).find((a) => a.action.title === 'Implement total')!;
      const chosen = await helix.chooseAction(listed);
      await fake.waitFor(() => fake.generationRequests().length === 1);
      helix.edit(STUB.length, STUB.length, '\n# todo\n');
      await chosen.commandDone;
      await helix.waitFor(() => helix.shown.length > 0, 'a message');
      expect(helix.shown).toEqual([{ server: 'infill-ls', type: 1, message: `infill-ls: ${STUB_URI} changed while total was being implemented; nothing was changed. Run the action again.` }]);
      expect(requestsFor(helix, 'workspace/applyEdit')).toEqual([]);
      expect(helix.document().text).toBe(STUB + '\n# todo\n');
    });

    it(
      version === 'master'
        ? 'a check command from the settings: the picker asks, "Allow" runs it'
        : 'a check command from the settings: 25.07.1 refuses window/showMessageRequest, so it does not run and the user is told how to allow it',
      async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helix-check-'));
        try {
          const file = path.join(dir, 'cart.py');
          const marker = path.join(dir, 'checked');
          fs.writeFileSync(file, STUB);
          const uri = url.pathToFileURL(file).href;
          const check = [process.execPath, '-e', 'require("fs").writeFileSync(process.argv[1], "ran")', marker];
          const { helix } = await startHelix({
            version,
            timeoutMs: 5000,
            settings: { actions: { checkCommands: { python: check } } },
            fake: { behavior: { text: BODY + '\n\n    def size(self):\n        return len(self.items)\n' } },
            open: [uri, PY, STUB.replace('        pass', '        █pass')],
          });
          const asked: any[] = [];
          helix.pickMessageAction = (params) => {
            asked.push(params);
            return { title: 'Allow' };
          };
          const listed = (await helix.codeActions()).find((a) => a.action.title === 'Implement total')!;
          // Through the command: a question asked during resolve would wait for Helix to unfreeze.
          expect(listed.action).toMatchObject({ command: { command: 'infill.implementStub' } });
          await helix.chooseAction(listed);
          await helix.waitFor(() => requestsFor(helix, 'workspace/applyEdit').some((r) => r.answer), 'workspace/applyEdit');
          expect(helix.document().text).toBe(IMPLEMENTED);
          const [question] = requestsFor(helix, 'window/showMessageRequest');
          expect(question.params).toEqual({
            type: 2,
            message: `infill-ls: the settings for ${helix.workdir} ask to run \`${check.join(' ')}\` for checking python code. Allow this command to run in this workspace?`,
            actions: [{ title: 'Allow' }, { title: "Don't allow" }],
          });
          if (version === 'master') {
            expect(question.answer).toEqual({ result: { title: 'Allow' } });
            expect(asked).toHaveLength(1);
            expect(fs.readFileSync(marker, 'utf8')).toBe('ran');
          } else {
            expect(question.answer).toEqual({ error: { code: -32601, message: 'Method not found: window/showMessageRequest' } });
            expect(fs.existsSync(marker)).toBe(false);
            await helix.waitFor(() => helix.shown.length > 0, 'the message');
            expect(helix.shown).toEqual([
              {
                server: 'infill-ls',
                type: 2,
                message: expect.stringMatching(
                  new RegExp(`^infill-ls: did not run \`${escape(check.join(' '))}\` from the settings of ${escape(helix.workdir)}: it was not allowed \\(the editor did not ask, or there was no answer\\)\\. To allow it, answer "Allow" when asked, add it to "allowedCommands" in .+, or start infill-ls with --allow-commands\\.$`),
                ),
              },
            ]);
          }
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      },
    );

    it("Fix with AI on the other server's diagnostic: sent back without relatedInformation, fixed through the command path", async () => {
      const other = new OtherServer({ undefinedNames: ['jsn'] });
      const marked = BROKEN.replace('return jsn', 'return █jsn');
      const { helix, fake } = await startHelix({
        version,
        others: [other],
        timeoutMs: 5000,
        settings: { actions: { mode: 'chat' } },
        fake: { behavior: { text: FENCED_LOAD, headerDelayMs: 2000 } },
        open: [STORE_URI, PY, marked],
      });
      expect(helix.document().diagnostics.map((d) => [d.server, d.diagnostic.message])).toEqual([['pyright', '"jsn" is not defined']]);
      const actions = await helix.codeActions();
      const jsn = { range: { start: { line: 5, character: 15 }, end: { line: 5, character: 18 } }, severity: 1, code: 'reportUndefinedVariable', source: 'Pyright', message: '"jsn" is not defined', data: { rule: 'reportUndefinedVariable' } };
      expect(helix.codeActionRequests.map((r) => [r.server, r.params.context])).toEqual([['infill-ls', { diagnostics: [jsn], triggerKind: 1 }]]);
      const listed = actions.find((a) => a.action.title === 'Fix with AI: "jsn" is not defined')!;
      expect(listed.action).toMatchObject({ kind: 'quickfix', command: { command: 'infill.fixDiagnostics', arguments: [{ infill: 'fixDiagnostics', uri: STORE_URI, diagnostics: [jsn] }] } });
      const chosen = await helix.chooseAction(listed);
      await expectCommandPath(helix, chosen, 'Fix with AI', STORE_URI, ORIGINAL, 'Fixing: "jsn" is not defined');
      expect(fake.generationRequests()).toHaveLength(1);
    });
  });

  describe('shutdown', () => {
    it(version === 'master' ? 'writes shutdown and exit together; the server answers shutdown and exits 0' : 'waits for the shutdown answer, then exit: exit code 0', async () => {
      const { helix } = await startHelix({ version, open: ['file:///work/shop/a.py', PY, 'x = 1\n'] });
      const result = await helix.shutdown();
      expect(result.shutdownAnswer).toMatchObject({ result: null });
      expect(result).toMatchObject({ code: 0, signal: null });
      // Answers to server requests aside (the handshake's workspace/configuration may come late).
      const ours = helix.infill.sent.filter((t) => t.message.method !== undefined);
      expect(ours.slice(-2).map((t) => t.message.method)).toEqual(['shutdown', 'exit']);
      const [shutdown, exit] = ours.slice(-2);
      expect(shutdown.message).toEqual({ jsonrpc: '2.0', method: 'shutdown', id: shutdown.message.id });
      expect(exit.message).toEqual({ jsonrpc: '2.0', method: 'exit' });
      const answeredAt = helix.infill.received.find((t) => t.message === result.shutdownAnswer)!.at;
      if (version === '25.07.1') expect(exit.at).toBeGreaterThanOrEqual(answeredAt);
      else expect(exit.write).toBe(shutdown.write); // one write to stdin, before any answer
      // master answers every server request after shutdown with null, unseen by the editor.
      const lateRequests = helix.infill.received.filter((t) => t.message.method !== undefined && t.message.id !== undefined && t.at > shutdown.at);
      for (const r of lateRequests) {
        const reply = helix.infill.sent.find((t) => t.message.id === r.message.id && t.message.method === undefined)?.message;
        expect(reply).toEqual(version === 'master' ? { jsonrpc: '2.0', id: r.message.id, result: null } : expect.anything());
      }
    });
  });
});
