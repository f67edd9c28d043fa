import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { implementStub } from '../../server/actions/implementStub';
import { findStubs } from '../../server/syntax/stubFinder';
import { CORPUS, seededRandom } from './corpus';
import { drawStubCases, type StubCase as Case } from './stubCases';
import { ScriptedModel, corpusTrees, filesOrSkip, testActionOptions } from './harness';

/**
 * "Implement" on real code nobody here wrote: functions drawn at random (fixed seed) from
 * files of five languages get their body replaced by one of the language's stub forms; the
 * model answers with the original in the shapes real models use. The document must come
 * back exactly, or stay unchanged; never anything else. Prints the rates.
 */
const SEED = Number(process.env.INFILL_FIT_SEED ?? 20261127);
const CASES_PER_LANGUAGE = Number(process.env.INFILL_IMPLEMENT_CASES ?? 30);
/** Documents restored exactly, per language and answer shape; the rest must be left unchanged. */
const MIN_EXACT = 0.95;
const { registry, load, withTree } = corpusTrees();

/** The document after Implement with `answer`; the document unchanged when it was refused. */
async function implement(c: Case, answer: string, mode: 'fim' | 'chat'): Promise<{ text: string; refused: boolean }> {
  return withTree(c.language, c.doc, async (syntax) => {
    const stub = findStubs(syntax.grammar, syntax.tree).find((s) => c.doc.lastIndexOf('\n', s.definition.start - 1) + 1 === c.definitionStart);
    if (!stub) {
      if (process.env.INFILL_FIT_VERBOSE) console.log(`refused ${c.id}: no stub found there`);
      return { text: c.doc, refused: true };
    }
    const outcome = await implementStub(
      { path: 'src/file', languageId: c.language, stub, syntax, lineComment: registry.entryFor(c.language, 'x')?.lineComment, otherFiles: [] },
      testActionOptions(new ScriptedModel(answer), mode, { maxTokens: 1024 }),
    );
    if (!outcome.ok) {
      if (process.env.INFILL_FIT_VERBOSE) console.log(`refused ${c.id} (${mode}): ${outcome.problem.split('\n')[0]}`);
      return { text: c.doc, refused: true };
    }
    return { text: c.doc.slice(0, stub.replace.start) + outcome.replacement + c.doc.slice(stub.replace.end), refused: false };
  });
}

describe('Implement on real code gives back the original, or changes nothing', () => {
  const results = new Map<string, { exact: number; unchanged: number; wrong: string[]; total: number }>();

  beforeAll(async () => {
    await load();
  });

  afterAll(() => {
    const rows = [...results.entries()].sort(([a], [b]) => a.localeCompare(b));
    const lines = rows.map(([k, r]) => `${k.padEnd(36)} exact ${String(r.exact).padStart(3)}/${r.total}  unchanged ${r.unchanged}  wrong ${r.wrong.length}`);
    console.log(`real-code Implement (seed ${SEED}):\n${lines.join('\n')}`);
    if (process.env.INFILL_FIT_VERBOSE) for (const [k, r] of rows) for (const w of r.wrong) console.log(`${k}: ${w}`);
  });

  for (const lang of CORPUS) {
    it(`${lang.language}: every answer shape, chat and fill-in-the-middle`, async () => {
      const files = filesOrSkip(lang);
      if (files.length === 0) return;
      const cases = await drawStubCases(lang, files, seededRandom(SEED ^ (lang.language.length * 104729)), CASES_PER_LANGUAGE, withTree);
      expect(cases.length).toBe(CASES_PER_LANGUAGE);
      for (const c of cases) {
        const fenced = `Here is the implementation:\n\n\`\`\`${lang.fence}\n${c.fn}\n\`\`\`\n\nIt handles the edge cases.`;
        const shapes: Array<[string, string, 'fim' | 'chat']> = [
          ['chat fenced function', fenced, 'chat'],
          ['chat fenced body', `\`\`\`${lang.fence}\n${c.bodyRelative}\n\`\`\``, 'chat'],
          ['chat bare body', c.bodyRelative, 'chat'],
          ['fim continuation', c.bodyInFile, 'fim'],
          ['fim fenced function', fenced, 'fim'],
        ];
        for (const [shape, answer, mode] of shapes) {
          const { text, refused } = await implement(c, answer, mode);
          const key = `${lang.language} ${shape}`;
          const r = results.get(key) ?? { exact: 0, unchanged: 0, wrong: [], total: 0 };
          r.total++;
          if (text === c.original) r.exact++;
          else if (refused && text === c.doc) r.unchanged++;
          else {
            let at = 0;
            while (at < text.length && text[at] === c.original[at]) at++;
            r.wrong.push(`${c.id} [${shape}]\n  body     ${JSON.stringify(c.bodyInFile)}\n  want     ${JSON.stringify(c.original.slice(at - 60, at + 120))}\n  got      ${JSON.stringify(text.slice(at - 60, at + 120))}`);
          }
          results.set(key, r);
        }
      }
    }, 180_000);
  }

  it('writes back the original or nothing, and the original nearly always', () => {
    expect(results.size).toBeGreaterThan(0);
    const wrong = [...results.entries()].flatMap(([k, r]) => r.wrong.map((w) => `${k}: ${w}`));
    expect(wrong).toEqual([]);
    for (const [kind, r] of results) expect([kind, r.exact / r.total >= MIN_EXACT]).toEqual([kind, true]);
  });
});
