import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { implementStub } from '../../server/actions/implementStub';
import { ScriptedModel, testActionOptions } from '../realcode/harness';
import { DocumentTrees } from '../../server/syntax/documentTrees';
import { GrammarRegistry } from '../../server/syntax/grammarRegistry';
import { findStubs } from '../../server/syntax/stubFinder';

/**
 * Real functions with their bodies (⟦…⟧) replaced by each language's stub forms; the model
 * answers with the original in the forms real models use (fenced with prose, with the
 * signature, the plain body). Implementing the stub must give back exactly the original.
 */
const FIXTURES = path.resolve(__dirname, '../fixtures/stubfit');
const EMPTY = '';
const STUB_FORMS: Record<string, string[]> = {
  python: ['pass', '...', 'raise NotImplementedError', 'raise NotImplementedError("TODO")'],
  typescript: ['throw new Error("not implemented");', "throw new Error('Not implemented');", '// TODO: implement', EMPTY],
  javascript: ['throw new Error("Not implemented yet");', '// TODO', EMPTY],
  rust: ['todo!()', 'unimplemented!()', 'todo!("later")', '// TODO', EMPTY],
  go: ['panic("not implemented")', 'panic("TODO")', '// TODO: implement', EMPTY],
  java: ['throw new UnsupportedOperationException();', 'throw new UnsupportedOperationException("Not implemented yet");', '// TODO', EMPTY],
};
const LANGUAGE: Record<string, string> = { '.py': 'python', '.ts': 'typescript', '.js': 'javascript', '.rs': 'rust', '.go': 'go', '.java': 'java' };

interface Case {
  label: string;
  language: string;
  original: string;
  doc: string;
  /** The body as written in the file, and relative to its first line. */
  bodyInFile: string;
  bodyRelative: string;
}

function casesOf(file: string): Case[] {
  const marked = fs.readFileSync(path.join(FIXTURES, file), 'utf8');
  const original = marked.replace(/[⟦⟧]/g, '');
  const language = LANGUAGE[path.extname(file)];
  const out: Case[] = [];
  for (const m of marked.matchAll(/⟦([\s\S]*?)⟧/g)) {
    const before = marked.slice(0, m.index).replace(/[⟦⟧]/g, '');
    const after = original.slice(before.length + m[1].length);
    const column = before.length - (before.lastIndexOf('\n') + 1);
    const bodyRelative = m[1].split('\n').map((l, i) => (i === 0 ? l : l.slice(column))).join('\n');
    for (const form of STUB_FORMS[language]) {
      let doc: string;
      if (form === EMPTY) {
        if (!/\{\s*$/.test(before) || !/^\s*\}/.test(after)) continue;
        doc = before.replace(/\{\s*$/, '{') + after.replace(/^\s*\}/, '}');
      } else {
        doc = before + form + after;
      }
      const line = before.split('\n').length;
      out.push({ label: `${file}:${line} ${JSON.stringify(form || '{}')}`, language, original, doc, bodyInFile: m[1], bodyRelative });
    }
  }
  return out;
}

const registry = new GrammarRegistry();
const trees = new DocumentTrees(registry);
let n = 0;

async function implement(c: Case, answer: string, mode: 'fim' | 'chat'): Promise<string> {
  const uri = `file:///stubfit/${++n}`;
  trees.open(uri, c.language, c.doc, 1);
  const syntax = (await trees.snapshot(uri, c.doc, 1))!;
  try {
    const stubs = findStubs(syntax.grammar, syntax.tree);
    expect(stubs.length, `stubs found in ${c.label}`).toBe(1);
    const [stub] = stubs;
    const outcome = await implementStub(
      { path: 'src/file', languageId: c.language, stub, syntax, lineComment: registry.entryFor(c.language, uri)?.lineComment, otherFiles: [] },
      testActionOptions(new ScriptedModel(answer), mode, { maxTokens: 512 }),
    );
    if (!outcome.ok) return `FAILED: ${outcome.problem}`;
    if (process.env.DEBUG_FIT) console.log("REPL", JSON.stringify(stub), JSON.stringify(outcome.replacement));
    return c.doc.slice(0, stub.replace.start) + outcome.replacement + c.doc.slice(stub.replace.end);
  } finally {
    syntax.dispose();
    trees.close(uri);
  }
}

/** The original function, from the start of its line, found by the stub's position. */
async function originalFunction(c: Case): Promise<string> {
  const uri = `file:///stubfit/${++n}`;
  trees.open(uri, c.language, c.doc, 1);
  const syntax = (await trees.snapshot(uri, c.doc, 1))!;
  const [stub] = findStubs(syntax.grammar, syntax.tree);
  syntax.dispose();
  trees.close(uri);
  const start = c.doc.lastIndexOf('\n', stub.definition.start - 1) + 1;
  const endInOriginal = stub.definition.end + (c.original.length - c.doc.length);
  return c.original.slice(start, endInOriginal);
}

const cases = fs.readdirSync(FIXTURES).sort().flatMap(casesOf);

describe('implementing a stub gives back the original function', () => {
  beforeAll(async () => {
    for (const id of new Set(Object.values(LANGUAGE))) await registry.load(registry.entries.find((e) => e.id === id)!);
  });

  it.each(cases.map((c) => [c.label, c] as const))('%s', async (_label, c) => {
    const fn = await originalFunction(c);
    const fenced = `Here is the implementation:\n\n\`\`\`${c.language}\n${fn}\n\`\`\`\n\nIt handles the edge cases.`;
    const failures: string[] = [];
    const tryAnswer = async (label: string, answer: string, mode: 'fim' | 'chat') => {
      const result = await implement(c, answer, mode);
      if (result !== c.original) failures.push(`${mode} ${label}: ${JSON.stringify(result)}`);
    };
    for (const mode of ['fim', 'chat'] as const) {
      await tryAnswer('fenced', fenced, mode);
      await tryAnswer('with the signature', fn, mode);
      await tryAnswer('plain', c.bodyRelative, mode);
    }
    // A fill-in-the-middle model continues the code as it sits in the file, and may go on past it.
    await tryAnswer('continuation', c.bodyInFile, 'fim');
    await tryAnswer('continuation past the function', c.bodyInFile + c.original.slice(c.original.indexOf(c.bodyInFile) + c.bodyInFile.length), 'fim');
    expect(failures).toEqual([]);
  });
});
