import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Node } from 'web-tree-sitter';
import { applyChanges, fixProblems, unitFor, type Problem } from '../../server/actions/fixDiagnostics';
import type { SyntaxSnapshot } from '../../server/syntax/documentTrees';
import { countSyntaxErrors, queryRange } from '../../server/syntax/syntaxQueries';
import { CORPUS, seededRandom, type CorpusLanguage, type Random } from './corpus';
import { ScriptedModel, corpusTrees, filesOrSkip } from './harness';

/**
 * "Fix with AI" on real code nobody here wrote: an error is introduced at random (fixed
 * seed) into a real function (a misspelt name, a missing closing bracket), with the
 * diagnostic a language server would publish; the model answers with the fixed unit, the
 * whole file, the whole file fenced, the whole file with an unrelated change, or a worse
 * unit. The document must come back exactly (the unrelated change ignored), or stay
 * unchanged; never anything else. Prints the rates.
 */
const SEED = Number(process.env.INFILL_FIT_SEED ?? 20261127);
const CASES_PER_LANGUAGE = Number(process.env.INFILL_FIX_CASES ?? 20);
/** Shares measured when this test was written: what no later change may fall below. */
const MIN_EXACT = 0.97;

type ErrorKind = 'misspelling' | 'missing bracket';
type AnswerShape = 'unit' | 'whole file' | 'whole file fenced' | 'whole file + unrelated change' | 'worse unit';

interface Case {
  id: string;
  language: string;
  fence: string;
  original: string;
  broken: string;
  kind: ErrorKind;
  /** Where the error is in `broken`, and what a language server says of it. */
  problem: Omit<Problem, 'range'> & { at: number; length: number };
}

const { registry, load, withTree } = corpusTrees();

/** Introduces one error into a random function body of `text`. */
function breakCode(text: string, s: SyntaxSnapshot, kind: ErrorKind, rnd: Random): Omit<Case, 'id' | 'language' | 'fence' | 'original'> | undefined {
  const fns = s.grammar.queries.definitions
    .captures(s.tree.rootNode, queryRange(0, text.length))
    .filter((c) => c.name === 'definition' && c.node.childForFieldName('body') && /function|method/.test(c.node.type) && c.node.endIndex - c.node.startIndex < 2000)
    .map((c) => c.node.childForFieldName('body')!);
  if (fns.length === 0) return undefined;
  const body = rnd.pick(fns);
  const nodes: Node[] = [];
  const visit = (n: Node) => {
    nodes.push(n);
    for (const c of n.namedChildren) if (c) visit(c);
  };
  visit(body);
  if (kind === 'misspelling') {
    // A name used (not defined) in the body, at least four letters: drop one of its letters.
    const uses = nodes.filter((n) => n.type === 'identifier' && n.text.length >= 4 && n.parent && !/declarat|definition|parameter|assignment|pattern/.test(n.parent.type));
    if (uses.length === 0) return undefined;
    const id = rnd.pick(uses);
    const cut = rnd.int(1, id.text.length - 2);
    const typo = id.text.slice(0, cut) + id.text.slice(cut + 1);
    return { kind, broken: text.slice(0, id.startIndex) + typo + text.slice(id.endIndex), problem: { message: `"${typo}" is not defined`, source: 'checker', at: id.startIndex, length: typo.length } };
  }
  // A call's closing parenthesis.
  const calls = nodes.filter((n) => /call/.test(n.type) && n.text.endsWith(')') && !n.text.includes('\n'));
  if (calls.length === 0) return undefined;
  const call = rnd.pick(calls);
  const at = call.endIndex - 1;
  return { kind, broken: text.slice(0, at) + text.slice(at + 1), problem: { message: "')' expected", source: 'checker', at, length: 0 } };
}

async function drawCases(lang: CorpusLanguage, files: string[], rnd: Random): Promise<Case[]> {
  const cases: Case[] = [];
  const kinds: ErrorKind[] = ['misspelling', 'missing bracket'];
  for (let tries = 0; cases.length < CASES_PER_LANGUAGE && tries < CASES_PER_LANGUAGE * 20; tries++) {
    const file = rnd.pick(files);
    const original = fs.readFileSync(file, 'utf8').replace(/\r\n/g, '\n');
    const kind = kinds[cases.length % kinds.length];
    const broken = await withTree(lang.language, original, (s) => (countSyntaxErrors(s.tree) > 0 ? undefined : breakCode(original, s, kind, rnd)));
    if (!broken) continue;
    cases.push({ id: `${path.relative('/', file)}:${original.slice(0, broken.problem.at).split('\n').length} ${kind}`, language: lang.language, fence: lang.fence, original, ...broken });
  }
  return cases;
}

/** The document after the fix; the broken document when the fix was refused. */
async function fix(c: Case, answerFor: (unit: { start: number; end: number }) => string, mode: 'fim' | 'chat'): Promise<{ text: string; refused: boolean }> {
  return withTree(c.language, c.broken, async (syntax) => {
    const problems: Problem[] = [{ message: c.problem.message, source: c.problem.source, range: { start: c.problem.at, end: c.problem.at + c.problem.length } }];
    const unit = unitFor(syntax, problems);
    const outcome = await fixProblems(
      { path: 'src/file', languageId: c.language, syntax, lineComment: registry.entryFor(c.language, 'x')?.lineComment, otherFiles: [], problems },
      {
        provider: new ScriptedModel(answerFor(unit)),
        mode,
        maxAttempts: 1,
        maxTokens: 2048,
        temperature: 0,
        timeoutMs: 5000,
        budget: { prefixTokens: 2048, suffixTokens: 1024 },
        signal: new AbortController().signal,
        log: () => undefined,
      },
    );
    if (!outcome.ok && process.env.INFILL_FIT_VERBOSE) console.log(`refused ${c.id} (${mode}): ${outcome.problem.split('\n')[0]}`);
    return outcome.ok ? { text: applyChanges(c.broken, outcome.changes), refused: false } : { text: c.broken, refused: true };
  });
}

/** The unit of `broken` as the original has it: the same span, the introduced change undone. */
function fixedUnit(c: Case, unit: { start: number; end: number }): string {
  const shift = c.original.length - c.broken.length;
  return c.original.slice(unit.start, unit.end + shift);
}

describe('Fix with AI on real code gives back the original, or changes nothing', () => {
  const results = new Map<string, { exact: number; unchanged: number; wrong: string[]; total: number }>();

  beforeAll(async () => {
    await load();
  });

  afterAll(() => {
    const rows = [...results.entries()].sort(([a], [b]) => a.localeCompare(b));
    console.log(`real-code Fix with AI (seed ${SEED}):\n${rows.map(([k, r]) => `${k.padEnd(48)} exact ${String(r.exact).padStart(3)}/${r.total}  unchanged ${r.unchanged}  wrong ${r.wrong.length}`).join('\n')}`);
    if (process.env.INFILL_FIT_VERBOSE) for (const [k, r] of rows) for (const w of r.wrong) console.log(`${k}: ${w}`);
  });

  for (const lang of CORPUS) {
    it(`${lang.language}: every answer shape, chat and fill-in-the-middle`, async () => {
      const files = filesOrSkip(lang);
      if (files.length === 0) return;
      const cases = await drawCases(lang, files, seededRandom(SEED ^ (lang.language.length * 7207)));
      expect(cases.length).toBe(CASES_PER_LANGUAGE);
      for (const c of cases) {
        const unrelated = c.original.replace(/\n\n/, '\n\n\n'); // one more blank line somewhere else
        const answers: Array<[AnswerShape, 'fim' | 'chat', (unit: { start: number; end: number }) => string]> = [
          ['unit', 'chat', (u) => `Here is the fixed code:\n\n\`\`\`${c.fence}\n${fixedUnit(c, u)}\n\`\`\``],
          ['whole file', 'chat', () => c.original],
          ['whole file fenced', 'chat', () => `\`\`\`${c.fence}\n${c.original}\`\`\``],
          ['whole file + unrelated change', 'chat', () => `\`\`\`${c.fence}\n${unrelated}\`\`\``],
          ['worse unit', 'chat', (u) => `\`\`\`${c.fence}\n${c.broken.slice(u.start, u.end)}\n}}}\n\`\`\``],
          ['unit', 'fim', (u) => fixedUnit(c, u) + '\n'],
        ];
        for (const [shape, mode, answer] of answers) {
          const { text, refused } = await fix(c, answer, mode);
          const key = `${lang.language} ${c.kind} ${mode} ${shape}`;
          const r = results.get(key) ?? { exact: 0, unchanged: 0, wrong: [], total: 0 };
          r.total++;
          const wanted = shape === 'worse unit' ? c.broken : c.original;
          if (text === wanted && !(shape === 'worse unit' && !refused)) r.exact++;
          else if (refused && text === c.broken) r.unchanged++;
          else {
            let at = 0;
            while (at < text.length && text[at] === wanted[at]) at++;
            r.wrong.push(`${c.id}\n  want ${JSON.stringify(wanted.slice(at - 60, at + 100))}\n  got  ${JSON.stringify(text.slice(at - 60, at + 100))}`);
          }
          results.set(key, r);
        }
      }
    });
  }

  it('never writes anything but the fix, and makes most fixes', () => {
    expect(results.size).toBeGreaterThan(0);
    const all = [...results.values()];
    const exact = all.reduce((n, r) => n + r.exact, 0) / all.reduce((n, r) => n + r.total, 0);
    expect(exact).toBeGreaterThanOrEqual(MIN_EXACT);
  });
});
