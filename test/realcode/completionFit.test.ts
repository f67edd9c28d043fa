import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Node } from 'web-tree-sitter';
import { buildFimContext } from '../../server/context/fimContext';
import { headerIndentFor } from '../../server/postprocess/blockEnd';
import { answerComplete, suggestionFromAnswer, type AnswerShape } from '../../server/postprocess/modelAnswer';
import type { SyntaxSnapshot } from '../../server/syntax/documentTrees';
import { spliceCheck } from '../../server/syntax/spliceCheck';
import { countSyntaxErrors, queryRange } from '../../server/syntax/syntaxQueries';
import { ANSWER_KINDS, answerOf, type AnswerKind } from './answers';
import { CORPUS, seededRandom, type CorpusLanguage, type Random } from './corpus';
import { corpusTrees, filesOrSkip } from './harness';
import { drawMiddle, type MiddleKind } from './middles';

/**
 * Property test on real code nobody here wrote: middles drawn at random (fixed seed) from
 * files of five languages, answered by a model in each of the ways of answers.ts, streamed in
 * odd-sized chunks through the same stream stop and post-processing the server uses, on the
 * LF file and on its CRLF version. After accepting, the document must be the original again.
 */
const SEED = Number(process.env.INFILL_FIT_SEED ?? 20261127);
const CASES_PER_LANGUAGE = Number(process.env.INFILL_FIT_CASES ?? 60);
const MIDDLE_KINDS: MiddleKind[] = ['block', 'lines', 'line', 'span', 'block', 'lines'];
/** Documents restored exactly, over every answer kind, and the least for any one kind. */
const MIN_RESTORED = 0.98;
const MIN_RESTORED_PER_KIND = 0.95;

interface Case {
  id: string;
  language: string;
  middleKind: MiddleKind;
  original: string;
  offset: number;
  middle: string;
  answers: Array<{ kind: AnswerKind; answer: string }>;
  chunkSeed: number;
}

const { load, withTree } = corpusTrees();

async function drawCases(lang: CorpusLanguage, files: string[], rnd: Random): Promise<Case[]> {
  const cases: Case[] = [];
  for (let tries = 0; cases.length < CASES_PER_LANGUAGE && tries < CASES_PER_LANGUAGE * 10; tries++) {
    const file = rnd.pick(files);
    const original = fs.readFileSync(file, 'utf8').replace(/\r\n/g, '\n');
    if (original.includes('\r') || original.includes('\u0000')) continue;
    const middleKind = MIDDLE_KINDS[cases.length % MIDDLE_KINDS.length];
    const drawn = await withTree(lang.language, original, (s) => {
      if (countSyntaxErrors(s.tree) > 0) return undefined; // grammar and file disagree: not a fair case
      const m = drawMiddle(original, s.tree, s.grammar, middleKind, rnd);
      if (!m) return undefined;
      const def = definitionAround(s, m.offset, m.offset + m.middle.length);
      const defLineStart = def && original.lastIndexOf('\n', def.startIndex - 1) + 1;
      return {
        ...m,
        restOfDefinition: def && { text: original.slice(m.offset + m.middle.length, def.endIndex), indent: /^[ \t]*/.exec(original.slice(defLineStart))![0] },
      };
    });
    if (!drawn) continue;
    const otherPath = rnd.pick(files);
    const input = {
      language: lang.language,
      fence: lang.fence,
      middle: drawn.middle,
      suffix: original.slice(drawn.offset + drawn.middle.length),
      restOfDefinition: drawn.restOfDefinition,
      otherFile: { path: path.basename(otherPath), text: fs.readFileSync(otherPath, 'utf8') },
    };
    const answers = ANSWER_KINDS.flatMap((kind) => {
      const answer = answerOf(kind, input, rnd);
      return answer === undefined ? [] : [{ kind, answer }];
    });
    const line = original.slice(0, drawn.offset).split('\n').length;
    cases.push({
      id: `${path.relative('/', file)}:${line} ${drawn.kind}`,
      language: lang.language,
      middleKind: drawn.kind,
      original,
      offset: drawn.offset,
      middle: drawn.middle,
      answers,
      chunkSeed: rnd.int(1, 1 << 30),
    });
  }
  return cases;
}

/** What the server inserts for a model answer streamed in odd-sized chunks. */
async function insertionFor(language: string, doc: string, offset: number, answer: string, rnd: Random): Promise<string> {
  return withTree(language, doc, (syntax) => {
    const context = buildFimContext(doc, offset, { prefixTokens: 2048, suffixTokens: 1024 }, syntax);
    const before = doc.slice(0, offset);
    const row = before.split('\n').length - 1;
    const check = spliceCheck(syntax, offset, { row, column: offset - (before.lastIndexOf('\n') + 1) });
    const shape: AnswerShape = {
      text: doc,
      offset,
      multiline: context.multiline,
      headerIndent: headerIndentFor(doc, offset, syntax),
      userStops: [],
      ...check,
    };
    // Streamed in odd-sized pieces; the server stops reading once it has what it needs.
    for (let n = rnd.int(1, 7); n < answer.length; n += rnd.int(1, 7)) {
      if (answerComplete(answer.slice(0, n), shape)) return suggestionFromAnswer(answer.slice(0, n), shape, { stoppedEarly: true, truncated: false });
    }
    return suggestionFromAnswer(answer, shape, { stoppedEarly: false, truncated: false });
  });
}

/** The smallest definition that holds the whole middle, starting before it: its unit. */
function definitionAround(s: SyntaxSnapshot, start: number, end: number): Node | undefined {
  let best: Node | undefined;
  for (const c of s.grammar.queries.definitions.captures(s.tree.rootNode, queryRange(start, end))) {
    const n = c.node;
    if (c.name === 'definition' && n.startIndex < start && n.endIndex >= end && (!best || n.endIndex - n.startIndex < best.endIndex - best.startIndex)) best = n;
  }
  return best;
}

const toCrlf = (s: string) => s.replace(/\n/g, '\r\n');

describe('completions on real code come back exactly', () => {
  const results = new Map<string, { pass: number; total: number; failures: string[] }>();
  const record = (key: string, ok: boolean, detail: string) => {
    const r = results.get(key) ?? { pass: 0, total: 0, failures: [] };
    r.total++;
    if (ok) r.pass++;
    else r.failures.push(detail);
    results.set(key, r);
  };

  beforeAll(async () => {
    await load();
  });

  afterAll(() => {
    const rows = [...results.entries()].sort(([a], [b]) => a.localeCompare(b));
    const lines = rows.map(([k, r]) => `${k.padEnd(34)} ${String(r.pass).padStart(4)}/${String(r.total).padEnd(4)} ${((100 * r.pass) / r.total).toFixed(1)}%`);
    console.log(`real-code completion fit (seed ${SEED}):\n${lines.join('\n')}`);
  });

  for (const lang of CORPUS) {
    it(`${lang.language}: every answer kind, LF and CRLF`, async () => {
      const files = filesOrSkip(lang);
      if (files.length === 0) return;
      const rnd = seededRandom(SEED ^ lang.language.length * 7919);
      const cases = await drawCases(lang, files, rnd);
      expect(cases.length).toBe(CASES_PER_LANGUAGE);
      for (const c of cases) {
        const chunks = seededRandom(c.chunkSeed);
        const doc = c.original.slice(0, c.offset) + c.original.slice(c.offset + c.middle.length);
        for (const { kind, answer } of c.answers) {
          for (const eol of ['LF', 'CRLF'] as const) {
            const d = eol === 'LF' ? doc : toCrlf(doc);
            const offset = eol === 'LF' ? c.offset : toCrlf(doc.slice(0, c.offset)).length;
            const insertion = await insertionFor(c.language, d, offset, answer, chunks);
            const expected = eol === 'LF' ? c.middle : toCrlf(c.middle);
            const detail = `${c.id} [${kind}, ${eol}]\n  middle   ${JSON.stringify(c.middle)}\n  answer   ${JSON.stringify(answer.slice(0, 300))}\n  inserted ${JSON.stringify(insertion)}`;
            record(`${kind} ${eol}`, insertion === expected, detail);
            record(`${c.language} ${c.middleKind}`, insertion === expected, detail);
          }
        }
      }
    }, 180_000);
  }

  it('restores every exact middle and nearly every over-eager, fenced or repo-level answer', () => {
    if (process.env.INFILL_FIT_VERBOSE) for (const [k, r] of results) for (const f of r.failures) console.log(`${k}: ${f}`);
    const byAnswer = [...results.entries()].filter(([k]) => ANSWER_KINDS.some((kind) => k.startsWith(`${kind} `)));
    expect(byAnswer.length).toBe(ANSWER_KINDS.length * 2);
    // The model's exact answer is the control: it must always come back unchanged.
    expect(byAnswer.filter(([k]) => k.startsWith('exact ')).flatMap(([, r]) => r.failures)).toEqual([]);
    const pass = byAnswer.reduce((n, [, r]) => n + r.pass, 0);
    const total = byAnswer.reduce((n, [, r]) => n + r.total, 0);
    expect(pass / total).toBeGreaterThanOrEqual(MIN_RESTORED);
    for (const [kind, r] of byAnswer) expect([kind, r.pass / r.total >= MIN_RESTORED_PER_KIND]).toEqual([kind, true]);
  });
});
