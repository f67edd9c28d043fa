import { beforeAll, describe, expect, it } from 'vitest';
import { applyChanges } from '../../server/actions/fixDiagnostics';
import { mapFixAnswer } from '../../server/postprocess/mapFix';
import type { CodeParser } from '../../server/postprocess/reduceToBody';
import { loadParsers } from './parsers';

/**
 * Laying a fix answer over the document (issue 11): re-indentation never moves code across
 * structure, whatever line the unit starts on; the unit's own definition is taken from the
 * answer, not an overload signature of the same name.
 */
let parsers = new Map<string, CodeParser>();

beforeAll(async () => {
  parsers = await loadParsers(['python', 'typescript']);
});

function fix(language: string, doc: string, unitText: string, answer: string, name?: string, kind?: string): string {
  const start = doc.indexOf(unitText);
  const changes = mapFixAnswer(answer, { text: doc, unit: { start, end: start + unitText.length }, name, kind, parse: parsers.get(language)! });
  return changes ? applyChanges(doc, changes) : doc;
}

describe('mapFixAnswer', () => {
  it('indents a unit that starts on a blank line by its first line of code', () => {
    const doc = 'class Cart:\n    def total(self):\n        x = 1\n\n        return sum(self.pricez)\n';
    const unit = '\n        return sum(self.pricez)';
    // The model wrote the lines at column 0.
    expect(fix('python', doc, unit, '```python\nreturn sum(self.prices)\n```')).toBe(doc.replace('pricez', 'prices'));
  });

  it('keeps a closing brace at column 0 left of the lines it closes', () => {
    const doc = 'function f(a) {\n  if (a) {\n    return g(a;\n  }\n}\n';
    const unit = 'function f(a) {\n  if (a) {\n    return g(a;\n  }\n}';
    expect(fix('typescript', doc, unit, '```ts\n    function f(a) {\n      if (a) {\n        return g(a);\n      }\n    }\n```', 'f')).toBe(doc.replace('g(a;', 'g(a);'));
  });

  it('takes the definition with a body, not the overload signature of the same name', () => {
    const doc = 'function pick(a: string): string;\nfunction pick(a: any) {\n  return a.trimm();\n}\n';
    const unit = 'function pick(a: any) {\n  return a.trimm();\n}';
    const answer = '```ts\nfunction pick(a: string): string;\nfunction pick(a: any) {\n  return a.trim();\n}\n```';
    expect(fix('typescript', doc, unit, answer, 'pick', 'function_declaration')).toBe(doc.replace('trimm', 'trim'));
  });

  it('drops the lines an answer repeats from just before and after the unit', () => {
    const doc = '/* header */\nconst total = sum(prices;\nexport default total;\n';
    const unit = 'const total = sum(prices;';
    expect(fix('typescript', doc, unit, '```ts\n/* header */\nconst total = sum(prices);\nexport default total;\n```')).toBe(doc.replace('prices;', 'prices);'));
    // The line after, repeated, is dropped too; a line the fix adds stays.
    const lines = 'a = 1\nb = compute(a\nc = b\n';
    expect(fix('python', lines, 'b = compute(a', '```python\nb = compute(a)\nc = b\n```')).toBe('a = 1\nb = compute(a)\nc = b\n');
    expect(fix('python', lines, 'b = compute(a', '```python\nb = compute(a)\nb += 1\n```')).toBe('a = 1\nb = compute(a)\nb += 1\nc = b\n');
  });
});

