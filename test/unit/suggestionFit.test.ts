import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildFimContext } from '../../server/context/fimContext';
import { headerIndentFor } from '../../server/postprocess/blockEnd';
import { answerComplete, suggestionFromAnswer, type AnswerShape } from '../../server/postprocess/modelAnswer';
import { DocumentTrees } from '../../server/syntax/documentTrees';
import { GrammarRegistry } from '../../server/syntax/grammarRegistry';
import { spliceCheck } from '../../server/syntax/spliceCheck';
import { innermostDefinition } from '../../server/syntax/syntaxQueries';

/**
 * Real code with the middle of each ⟦…⟧ taken out: the model answers with the true middle
 * and with what over-eager models add (the rest of the line, the code after the cursor,
 * new code past the block). After accepting, the document must equal the original.
 */
const FIXTURES = path.resolve(__dirname, '../fixtures/fit');

const NEW_DEFINITION: Record<string, string> = {
  python: 'def extra(value):\n    return value * 2\n',
  typescript: 'function extra(value: number): number {\n  return value * 2;\n}\n',
  rust: 'fn extra(value: i32) -> i32 {\n    value * 2\n}\n',
  go: 'func extra(value int) int {\n\treturn value * 2\n}\n',
  javascript: 'function extra(value) {\n  return value * 2;\n}\n',
  java: 'public int extra(int value) {\n    return value * 2;\n}\n',
  c: 'int extra(int value) {\n    return value * 2;\n}\n',
  cpp: 'int extra(int value) {\n    return value * 2;\n}\n',
  csharp: 'public int Extra(int value)\n{\n    return value * 2;\n}\n',
  ruby: 'def extra(value)\n  value * 2\nend\n',
  lua: 'function extra(value)\n  return value * 2\nend\n',
  bash: 'extra() {\n  echo "$1"\n}\n',
  php: 'public function extra(int $value): int\n{\n    return $value * 2;\n}\n',
};
const LANGUAGE: Record<string, string> = {
  '.py': 'python', '.ts': 'typescript', '.rs': 'rust', '.go': 'go', '.js': 'javascript', '.java': 'java',
  '.c': 'c', '.cpp': 'cpp', '.cs': 'csharp', '.rb': 'ruby', '.lua': 'lua', '.sh': 'bash', '.php': 'php',
};

interface Case {
  name: string;
  language: string;
  original: string;
  doc: string;
  offset: number;
  middle: string;
}

function casesOf(file: string): Case[] {
  const marked = fs.readFileSync(path.join(FIXTURES, file), 'utf8');
  const original = marked.replace(/[⟦⟧]/g, '');
  const cases: Case[] = [];
  const re = /⟦([\s\S]*?)⟧/g;
  for (let m = re.exec(marked), k = 0; m; m = re.exec(marked), k++) {
    const before = marked.slice(0, m.index).replace(/[⟦⟧]/g, '');
    const middle = m[1];
    const line = before.split('\n').length;
    cases.push({
      name: `${file}:${line} ${JSON.stringify(middle.length > 40 ? middle.slice(0, 37) + '...' : middle)}`,
      language: LANGUAGE[path.extname(file)],
      original,
      doc: before + original.slice(before.length + middle.length),
      offset: before.length,
      middle,
    });
  }
  return cases;
}

const registry = new GrammarRegistry();
const trees = new DocumentTrees(registry);
let uriCounter = 0;

async function accept(c: Case, answer: string): Promise<string> {
  const uri = `file:///fit/${++uriCounter}`;
  trees.open(uri, c.language, c.doc, 1);
  const syntax = (await trees.snapshot(uri, c.doc, 1))!;
  try {
    const context = buildFimContext(c.doc, c.offset, { prefixTokens: 2048, suffixTokens: 1024 }, syntax);
    const before = c.doc.slice(0, c.offset);
    const row = before.split('\n').length - 1;
    const check = spliceCheck(syntax, c.offset, { row, column: c.offset - (before.lastIndexOf('\n') + 1) });
    const shape: AnswerShape = {
      text: c.doc,
      offset: c.offset,
      multiline: context.multiline,
      headerIndent: headerIndentFor(c.doc, c.offset, syntax),
      userStops: [],
      ...check,
    };
    // Streamed 3 characters at a time, the way the server stops early past the unit.
    let insertion: string | undefined;
    for (let n = 3; n < answer.length && insertion === undefined; n += 3) {
      if (answerComplete(answer.slice(0, n), shape)) insertion = suggestionFromAnswer(answer.slice(0, n), shape, { stoppedEarly: true, truncated: false });
    }
    insertion ??= suggestionFromAnswer(answer, shape, { stoppedEarly: false, truncated: false });
    return c.doc.slice(0, c.offset) + insertion + c.doc.slice(c.offset);
  } finally {
    syntax.dispose();
    trees.close(uri);
  }
}

/** The over-eager answers for a case. */
async function answers(c: Case): Promise<Array<[string, string]>> {
  const suffix = c.doc.slice(c.offset);
  const restOfLine = suffix.slice(0, suffix.indexOf('\n') + 1);
  const nextLines = suffix.split('\n').slice(0, 4).join('\n');
  const out: Array<[string, string]> = [
    ['exact middle', c.middle],
    ['middle + rest of line', c.middle + restOfLine],
    ['middle + next lines', c.middle + nextLines],
    ['middle + all that follows', c.middle + suffix],
  ];
  // New code past the block: the rest of the definition, then a new one beside it.
  const uri = `file:///fit/${++uriCounter}`;
  trees.open(uri, c.language, c.original, 1);
  const syntax = (await trees.snapshot(uri, c.original, 1))!;
  const definition = innermostDefinition(syntax.grammar, syntax.tree, c.offset + c.middle.length);
  syntax.dispose();
  trees.close(uri);
  if (definition) {
    const defLineStart = c.original.lastIndexOf('\n', definition.start - 1) + 1;
    const indent = /^[ \t]*/.exec(c.original.slice(defLineStart))![0];
    const restOfDefinition = c.original.slice(c.offset + c.middle.length, definition.end);
    const extra = NEW_DEFINITION[c.language].replace(/^(?=.)/gm, indent);
    out.push(['middle + new code past the block', c.middle + restOfDefinition + '\n\n' + extra]);
  }
  return out;
}

const files = fs.readdirSync(FIXTURES).sort();
const allCases = files.flatMap(casesOf);

describe('suggestions fit exactly at the cursor', () => {
  beforeAll(async () => {
    for (const e of registry.entries.filter((e) => Object.values(LANGUAGE).includes(e.id))) await registry.load(e);
  });

  it.each(allCases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const failures: string[] = [];
    const variants = await answers(c);
    // Every middle here is inside a definition, so "new code past the block" applies too.
    expect(variants.map(([label]) => label)).toContain('middle + new code past the block');
    for (const [label, answer] of variants) {
      const result = await accept(c, answer);
      if (result !== c.original) failures.push(`${label}: answer ${JSON.stringify(answer)}\n  inserted ${JSON.stringify(result.slice(c.offset, result.length - (c.doc.length - c.offset)))}`);
    }
    expect(failures).toEqual([]);
  });
});
