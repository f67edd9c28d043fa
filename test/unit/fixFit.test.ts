import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyChanges, fixProblems, unitFor } from '../../server/actions/fixDiagnostics';
import { ScriptedModel, testActionOptions } from '../realcode/harness';
import { DocumentTrees } from '../../server/syntax/documentTrees';
import { GrammarRegistry } from '../../server/syntax/grammarRegistry';

/**
 * Real code with one error introduced, and the diagnostic a real server publishes for it;
 * the model answers with the original code in the forms real models use. After the fix,
 * the document must equal the original, and nothing outside the unit may change.
 */
const FIXTURES = path.resolve(__dirname, '../fixtures/fixfit');
interface Case { file: string; language: string; from: string; to: string; at: string; message: string; source?: string; code?: string | number }
const cases = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'cases.json'), 'utf8')) as Case[];

const registry = new GrammarRegistry();
const trees = new DocumentTrees(registry);
let n = 0;

async function fix(c: Case, broken: string, answer: (unitText: string, unitInOriginal: string) => string, mode: 'fim' | 'chat', original: string) {
  const uri = `file:///fixfit/${++n}`;
  trees.open(uri, c.language, broken, 1);
  const syntax = (await trees.snapshot(uri, broken, 1))!;
  try {
    const at = broken.indexOf(c.at);
    const problems = [{ message: c.message, source: c.source, code: c.code, range: { start: at, end: at + c.at.length } }];
    const unit = unitFor(syntax, problems);
    const unitText = broken.slice(unit.start, unit.end);
    // The unit as the original has it: the same lines around the introduced error.
    const shift = original.length - broken.length;
    const unitInOriginal = original.slice(unit.start + (unit.start > broken.indexOf(c.to) ? shift : 0), unit.end + shift);
    const outcome = await fixProblems(
      { path: c.file, languageId: c.language, syntax, lineComment: registry.entryFor(c.language, uri)?.lineComment, otherFiles: [], problems },
      testActionOptions(new ScriptedModel(answer(unitText, unitInOriginal)), mode, { maxTokens: 512, budget: { prefixTokens: 1024, suffixTokens: 512 } }),
    );
    return { result: outcome.ok ? applyChanges(broken, outcome.changes) : `FAILED: ${outcome.problem}`, unit, changes: outcome.ok ? outcome.changes : [] };
  } finally {
    syntax.dispose();
    trees.close(uri);
  }
}

describe('fixes give back the original code', () => {
  beforeAll(async () => {
    for (const id of new Set(cases.map((c) => c.language))) await registry.load(registry.entries.find((e) => e.id === id)!);
  });

  it.each(cases.map((c) => [`${c.file}: ${c.message}`, c] as const))('%s', async (_name, c) => {
    const original = fs.readFileSync(path.join(FIXTURES, c.file), 'utf8');
    expect(original.includes(c.from), 'the case applies').toBe(true);
    const broken = original.replace(c.from, c.to);
    // The original's import lines: from the first `import` to the blank line after them.
    const importLines = (o: string) => {
      const lines = o.split('\n');
      const first = lines.findIndex((l) => /^(import|from) /.test(l));
      const end = lines.findIndex((l, i) => i > first && l.trim() === '');
      return lines.slice(first, end).join('\n');
    };
    const forms: Array<[string, 'fim' | 'chat', (unit: string, fixed: string) => string]> = [
      ['fenced unit', 'chat', (_u, fixed) => `Here is the fix:\n\n\`\`\`${c.language}\n${fixed}\n\`\`\`\n\nThe problem was a typo.`],
      ['fenced unit with imports', 'chat', (_u, fixed) => `\`\`\`${c.language}\n${importLines(original)}\n\n${fixed}\n\`\`\``],
      ['the whole file', 'chat', () => '```\n' + original + '```'],
      ['the unit, as in the file', 'fim', (_u, fixed) => fixed + '\n'],
    ];
    const failures: string[] = [];
    // A missing import is only fixed by an answer that has it (a FIM model cannot add one).
    const importFix = importLines(original).includes(c.from.trim());
    for (const [label, mode, answer] of forms.filter(([label]) => !importFix || label === 'fenced unit with imports' || label === 'the whole file')) {
      const { result, unit, changes } = await fix(c, broken, answer, mode, original);
      if (result !== original) failures.push(`${label}: ${JSON.stringify(result)}`);
      // Nothing outside the unit changes, but for an added import.
      for (const ch of changes) {
        const inside = ch.start >= unit.start && ch.end <= unit.end + 1;
        if (!inside && !importLines(original).includes(ch.newText.trim())) failures.push(`${label}: change outside the unit: ${JSON.stringify(ch)}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
