import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Node } from 'web-tree-sitter';
import { implementStub } from '../../server/actions/implementStub';
import { findStubs } from '../../server/syntax/stubFinder';
import { countSyntaxErrors, queryRange } from '../../server/syntax/syntaxQueries';
import { stringLineRows } from '../../server/postprocess/reduceToBody';
import { CORPUS, seededRandom, type CorpusLanguage, type Random } from './corpus';
import { ScriptedModel, corpusTrees, filesOrSkip } from './harness';

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
const EMPTY = '';
/** Python: the docstring alone is the body. */
const DOCSTRING_ONLY = 'docstring only';
const STUB_FORMS: Record<string, string[]> = {
  python: ['pass', '...', 'raise NotImplementedError', DOCSTRING_ONLY],
  typescript: ['throw new Error("not implemented");', '// TODO: implement', EMPTY],
  javascript: ['throw new Error("Not implemented yet");', '// TODO', EMPTY],
  rust: ['todo!()', 'unimplemented!()', EMPTY],
  go: ['panic("not implemented")', '// TODO: implement', EMPTY],
};

interface Case {
  id: string;
  language: string;
  original: string;
  doc: string;
  /** The function from the start of its line, as in the original. */
  fn: string;
  /** The body's statements as in the file, and relative to the first one's column. */
  bodyInFile: string;
  bodyRelative: string;
  /** Where the stubbed definition starts in `doc`. */
  definitionStart: number;
}

const { registry, load, withTree } = corpusTrees();

/** The statements of a function's body to take out: after a leading docstring, to the last one. */
function bodyStatements(fn: Node, language: string, text: string): { start: number; end: number; afterDocstring: boolean } | undefined {
  const body = fn.childForFieldName('body');
  if (!body) return undefined;
  let statements = body.namedChildren.filter((c): c is Node => c !== null);
  if (language === 'go' && statements.length === 1 && statements[0].type === 'statement_list') statements = statements[0].namedChildren.filter((c): c is Node => c !== null);
  // A docstring stays: the stub is the docstring (then a stub statement).
  const docstring = language === 'python' && statements[0]?.type === 'expression_statement' && statements[0].firstNamedChild?.type === 'string';
  if (docstring) statements = statements.slice(1);
  if (statements.length === 0) return undefined;
  const start = statements[0].startIndex;
  // Go's statement list takes the line break after the last statement in.
  return { start, end: start + text.slice(start, statements[statements.length - 1].endIndex).trimEnd().length, afterDocstring: docstring };
}

async function drawCases(lang: CorpusLanguage, files: string[], rnd: Random): Promise<Case[]> {
  const cases: Case[] = [];
  for (let tries = 0; cases.length < CASES_PER_LANGUAGE && tries < CASES_PER_LANGUAGE * 20; tries++) {
    const file = rnd.pick(files);
    const original = fs.readFileSync(file, 'utf8').replace(/\r\n/g, '\n');
    const drawn = await withTree(lang.language, original, (s) => {
      if (countSyntaxErrors(s.tree) > 0) return undefined;
      const fns = s.grammar.queries.definitions
        .captures(s.tree.rootNode, queryRange(0, original.length))
        .filter((c) => c.name === 'definition' && c.node.childForFieldName('body') && /function|method/.test(c.node.type))
        .map((c) => c.node);
      if (fns.length === 0) return undefined;
      const fn = rnd.pick(fns);
      const span = bodyStatements(fn, lang.language, original);
      if (!span || span.end - span.start > 1500) return undefined;
      const lineStart = original.lastIndexOf('\n', span.start - 1) + 1;
      if (original.slice(lineStart, span.start).trim() !== '') return undefined; // the body starts on its own line
      // Lines inside a multi-line string are its content: a model writing the body relative to its first line keeps them.
      const firstRow = original.slice(0, span.start).split('\n').length - 1;
      const verbatim = new Set([...stringLineRows(fn)].map((row) => row - firstRow));
      return { fnStart: original.lastIndexOf('\n', fn.startIndex - 1) + 1, fnEnd: fn.endIndex, ...span, verbatim, firstRow };
    });
    if (!drawn) continue;
    const form = rnd.pick(STUB_FORMS[lang.language]);
    const before = original.slice(0, drawn.start);
    const after = original.slice(drawn.end);
    let doc: string;
    if (form === DOCSTRING_ONLY) {
      // Blank lines between docstring and code would not come back from an answer without them.
      if (!drawn.afterDocstring || !/\S\n[ \t]*$/.test(before)) continue;
      doc = before.replace(/\n[ \t]*$/, '') + after;
    } else if (form === EMPTY) {
      // `{}` holds no blank lines: a body with some around it could not come back as it was.
      if (!/\{\n[ \t]*$/.test(before) || !/^\n[ \t]*\}/.test(after)) continue;
      doc = before.replace(/\{\s*$/, '{') + after.replace(/^\s*\}/, '}');
    } else {
      doc = before + form + after;
    }
    const bodyInFile = original.slice(drawn.start, drawn.end);
    const column = drawn.start - (before.lastIndexOf('\n') + 1);
    const bodyRelative = bodyInFile.split('\n').map((l, i) => (i === 0 || drawn.verbatim.has(i) ? l : l.slice(Math.min(column, /^[ \t]*/.exec(l)![0].length)))).join('\n');
    cases.push({
      id: `${path.relative('/', file)}:${before.split('\n').length} ${JSON.stringify(form || '{}')}`,
      language: lang.language,
      original,
      doc,
      fn: original.slice(drawn.fnStart, drawn.fnEnd),
      bodyInFile,
      bodyRelative,
      definitionStart: drawn.fnStart,
    });
  }
  return cases;
}

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
      {
        provider: new ScriptedModel(answer),
        mode,
        maxAttempts: 1,
        maxTokens: 1024,
        temperature: 0,
        timeoutMs: 5000,
        budget: { prefixTokens: 2048, suffixTokens: 1024 },
        signal: new AbortController().signal,
        log: () => undefined,
      },
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
      const cases = await drawCases(lang, files, seededRandom(SEED ^ (lang.language.length * 104729)));
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
    });
  }

  it('writes back the original or nothing, and the original nearly always', () => {
    expect(results.size).toBeGreaterThan(0);
    const wrong = [...results.entries()].flatMap(([k, r]) => r.wrong.map((w) => `${k}: ${w}`));
    expect(wrong).toEqual([]);
    for (const [kind, r] of results) expect([kind, r.exact / r.total >= MIN_EXACT]).toEqual([kind, true]);
  });
});
