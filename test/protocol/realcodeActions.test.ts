import * as fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unitFor } from '../../server/actions/fixDiagnostics';
import { applyBreakages, breakBody, functionBodies, originalOffset, type Breakage } from '../realcode/breakCode';
import { CORPUS, seededRandom } from '../realcode/corpus';
import { corpusTrees, filesOrSkip } from '../realcode/harness';
import { drawStubCases } from '../realcode/stubCases';
import { applyEdits, type LspClient } from './lspClient';
import { startSession } from './session';

/**
 * "Implement" and "Fix with AI" on real code nobody here wrote, through the built server:
 * the edit comes back by `codeAction/resolve` (chat model) and by the command's
 * `workspace/applyEdit` (fill-in-the-middle model), and must give back the original file;
 * a document edited while the model thinks is never written.
 */
const SEED = Number(process.env.INFILL_FIT_SEED ?? 20261127);
const PER_LANGUAGE = Number(process.env.INFILL_PROTOCOL_CASES ?? 2);
const RESOLVING = { textDocument: { codeAction: { resolveSupport: { properties: ['edit'] }, dataSupport: true } } };

const { load, withTree } = corpusTrees();

function positionAt(text: string, offset: number) {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length - 1, character: offset - (before.lastIndexOf('\n') + 1) };
}

function rangeOf(text: string, start: number, end: number) {
  return { start: positionAt(text, start), end: positionAt(text, end) };
}

async function actionsAt(client: LspClient, uri: string, text: string, start: number, end: number, diagnostics: object[] = []) {
  const r = await client.request('textDocument/codeAction', { textDocument: { uri }, range: rangeOf(text, start, end), context: { diagnostics } });
  expect(r.error).toBeUndefined();
  return r.result as any[];
}

/** The edit an action makes: resolved, or sent back by its command. */
async function editOf(client: LspClient, action: any, applied: any[]): Promise<any[] | undefined> {
  if (action.command) {
    applied.length = 0;
    await client.request('workspace/executeCommand', action.command);
    const edit = applied[0]?.edit;
    return edit && (edit.documentChanges?.[0].edits ?? Object.values(edit.changes)[0]);
  }
  const resolved = await client.request('codeAction/resolve', action);
  const edit = resolved.result.edit;
  return edit && (edit.documentChanges?.[0].edits ?? Object.values(edit.changes)[0]);
}

/** A session that resolves actions (chat) or runs their commands (fill in the middle), and what the client was asked to apply. */
async function actionSession(path: 'resolve' | 'command', mode: 'chat' | 'fim') {
  const { client, fake } = await startSession({ capabilities: path === 'resolve' ? RESOLVING : {}, settings: { actions: { mode } } });
  const applied: any[] = [];
  client.handlers.set('workspace/applyEdit', (params) => {
    applied.push(params);
    return { applied: true };
  });
  return { client, fake, applied };
}

interface FixCase {
  language: string;
  original: string;
  broken: string;
  breaks: Breakage[];
  unit: { start: number; end: number };
}

async function drawFixCases(language: string, files: string[], seed: number): Promise<FixCase[]> {
  const rnd = seededRandom(seed);
  const kinds = ['misspelling', 'missing bracket', 'wrong arity', 'type slip'] as const;
  const out: FixCase[] = [];
  for (let tries = 0; out.length < PER_LANGUAGE * 2 && tries < 400; tries++) {
    const original = fs.readFileSync(rnd.pick(files), 'utf8').replace(/\r\n/g, '\n');
    const b = await withTree(language, original, (s) => {
      const bodies = functionBodies(s);
      return bodies.length ? breakBody(rnd.pick(bodies), kinds[out.length % kinds.length], rnd) : undefined;
    });
    if (!b) continue;
    const broken = applyBreakages(original, [b]);
    const unit = await withTree(language, broken, (s) => unitFor(s, [{ message: b.message, range: { start: b.at, end: b.at + b.length } }]));
    out.push({ language, original, broken, breaks: [b], unit });
  }
  return out;
}

describe('"Implement" and "Fix with AI" on real code, through the server', () => {
  const tally: string[] = [];
  beforeAll(load);
  afterAll(() => console.log(`real-code actions through the server (seed ${SEED}):\n${tally.join('\n')}`));

  for (const lang of CORPUS) {
    it(`${lang.language}: Implement by resolve (chat) and by command (fill in the middle)`, async () => {
      const files = filesOrSkip(lang);
      if (files.length === 0) return;
      const cases = await drawStubCases(lang, files, seededRandom(SEED ^ (lang.language.length * 31337)), PER_LANGUAGE, withTree);
      for (const [path, mode] of [['resolve', 'chat'], ['command', 'fim']] as const) {
        const { client, fake, applied } = await actionSession(path, mode);
        let exact = 0;
        for (const [i, c] of cases.entries()) {
          const uri = `file:///realcode/${lang.language}/implement-${path}-${i}.${lang.fence}`;
          client.open(uri, c.doc, lang.language);
          const stubEnd = c.doc.indexOf('\n', c.definitionStart);
          const action = (await actionsAt(client, uri, c.doc, c.definitionStart, stubEnd)).filter((a) => a.title.startsWith('Implement ')).at(-1);
          expect(action, `no Implement action at ${c.id}`).toBeDefined();
          fake.setBehavior({ text: mode === 'chat' ? `\`\`\`${lang.fence}\n${c.fn}\n\`\`\`` : c.bodyInFile });
          const edits = await editOf(client, action, applied);
          const text = edits ? applyEdits(c.doc, edits) : c.doc;
          // Written back exactly, or (a function whose real body is a stub) not at all.
          expect([c.id, text === c.original || text === c.doc]).toEqual([c.id, true]);
          if (text === c.original) exact++;
        }
        tally.push(`${lang.language} Implement by ${path}: ${exact}/${cases.length} exact`);
        expect(exact).toBeGreaterThanOrEqual(cases.length - 1);
      }
    });

    it(`${lang.language}: Fix with AI by resolve (chat) and by command (fill in the middle)`, async () => {
      const files = filesOrSkip(lang);
      if (files.length === 0) return;
      const cases = await drawFixCases(lang.language, files, SEED ^ (lang.language.length * 7919));
      for (const [path, mode] of [['resolve', 'chat'], ['command', 'fim']] as const) {
        const { client, fake, applied } = await actionSession(path, mode);
        let exact = 0;
        for (const [i, c] of cases.entries()) {
          const uri = `file:///realcode/${lang.language}/fix-${path}-${i}.${lang.fence}`;
          client.open(uri, c.broken, lang.language);
          const b = c.breaks[0];
          const diagnostic = { range: rangeOf(c.broken, b.at, b.at + b.length), severity: 1, source: 'checker', message: b.message };
          const [action] = await actionsAt(client, uri, c.broken, b.at, b.at + b.length, [diagnostic]);
          const fixed = c.original.slice(originalOffset(c.unit.start, c.breaks, 'start'), originalOffset(c.unit.end, c.breaks, 'end'));
          fake.setBehavior({ text: mode === 'chat' ? `\`\`\`${lang.fence}\n${fixed}\n\`\`\`` : `${fixed}\n` });
          const edits = await editOf(client, action, applied);
          const text = edits ? applyEdits(c.broken, edits) : c.broken;
          expect([b.kind, text === c.original || text === c.broken]).toEqual([b.kind, true]);
          if (text === c.original) exact++;
        }
        tally.push(`${lang.language} Fix with AI by ${path}: ${exact}/${cases.length} exact`);
        expect(exact).toBeGreaterThanOrEqual(cases.length - 1);
      }
    });
  }

  it('never writes a document that changed while the model was thinking, in either mode', async () => {
    const lang = CORPUS[0];
    const files = filesOrSkip(lang);
    if (files.length === 0) return;
    const [stub] = await drawStubCases(lang, files, seededRandom(SEED), 1, withTree);
    const [fix] = await drawFixCases(lang.language, files, SEED);
    for (const mode of ['chat', 'fim'] as const) {
      const { client, fake } = await startSession({ capabilities: RESOLVING, settings: { actions: { mode } } });
      const fixed = fix.original.slice(originalOffset(fix.unit.start, fix.breaks, 'start'), originalOffset(fix.unit.end, fix.breaks, 'end'));
      const fence = (code: string) => (mode === 'chat' ? `\`\`\`${lang.fence}\n${code}\n\`\`\`` : `${code}\n`);
      for (const [name, doc, range, diagnostics, answer] of [
        ['implement', stub.doc, [stub.definitionStart, stub.doc.indexOf('\n', stub.definitionStart)], [], mode === 'chat' ? fence(stub.fn) : stub.bodyInFile],
        ['fix', fix.broken, [fix.breaks[0].at, fix.breaks[0].at + fix.breaks[0].length], [{ range: rangeOf(fix.broken, fix.breaks[0].at, fix.breaks[0].at + fix.breaks[0].length), severity: 1, message: fix.breaks[0].message }], fence(fixed)],
      ] as const) {
        // A right answer, late: only the edit made meanwhile stands in its way.
        fake.setBehavior({ text: answer, headerDelayMs: 300 });
        const uri = `file:///realcode/stale-${mode}-${name}.py`;
        client.open(uri, doc, lang.language);
        const action = (await actionsAt(client, uri, doc, range[0], range[1], [...diagnostics])).at(name === 'implement' ? -1 : 0);
        const before = fake.generationRequests().length;
        const pending = client.request('codeAction/resolve', action);
        await fake.waitFor(() => fake.generationRequests().length > before);
        client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: rangeOf(doc, 0, 0), text: '# edited\n' }] });
        const resolved = await pending;
        expect(resolved.result.edit).toBeUndefined();
        const shown = client.notifications('window/showMessage').map((m) => m.params.message);
        expect(shown.at(-1)).toMatch(new RegExp(`^infill-ls: ${uri.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} changed while .* nothing was changed\\. Run the action again\\.$`));
      }
    }
  });
});
