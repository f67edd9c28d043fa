import { beforeAll, describe, expect, it } from 'vitest';
import { applyChanges } from '../../server/actions/fixDiagnostics';
import { mapFixAnswer, mapImportAnswer } from '../../server/postprocess/mapFix';
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


/** The edits themselves, for the cases where offsets and line breaks matter. */
function changesFor(language: string, doc: string, unitText: string, answer: string, name?: string, kind?: string) {
  const start = doc.indexOf(unitText);
  return mapFixAnswer(answer, { text: doc, unit: { start, end: start + unitText.length }, name, kind, parse: parsers.get(language)! });
}

const fence = (code: string) => '```python\n' + code + '\n```';

describe('mapFixAnswer on a whole-file answer', () => {
  // Exactly eight lines of code: the fewest a whole-file answer is recognised in.
  const doc = 'import os\n\ndef a():\n    return 1\n\ndef b(x):\n    y = x + 1\n    return y\n\ndef c():\n    return 3\n';
  const unit = '    y = x + 1';
  const lines = doc.split('\n');
  /** The document with line `at` replaced by `by` (no line removed when `remove` is 0). */
  const edited = (edits: Array<[at: number, remove: number, ...by: string[]]>) => {
    const out = [...lines];
    for (const [at, remove, ...by] of [...edits].sort((a, b) => b[0] - a[0])) out.splice(at, remove, ...by);
    return out.join('\n');
  };
  const fixed = (edits: Array<[number, number, ...string[]]>) => fix('python', doc, unit, fence(edited(edits)));

  it('keeps only the changes inside the unit', () => {
    const answer = edited([[3, 1, '    return 11'], [6, 1, '    y = x + 1 + 1'], [10, 1, '    return 33']]);
    expect(fix('python', doc, unit, fence(answer))).toBe(doc.replace('y = x + 1', 'y = x + 1 + 1'));
    expect(changesFor('python', doc, unit, fence(answer))).toEqual([{ start: doc.indexOf(unit) + unit.length, end: doc.indexOf(unit) + unit.length, newText: ' + 1' }]);
  });

  it.each([
    ['a line of code added just before the unit', [[6, 0, '    assert x']], true],
    ['a line of code added just after the unit', [[7, 0, '    assert y']], true],
    ['a blank line and code added just after the unit', [[7, 0, '', '    assert y']], true],
    ['a line added one line further down', [[8, 0, '    pass']], false],
    ['a line added one line further up', [[5, 0, '# note']], false],
    ['a blank line added just before the unit', [[6, 0, '']], false],
    ['a line of spaces added just before the unit', [[6, 0, '    ']], false],
    ['a blank line added just after the unit', [[7, 0, '']], false],
    ['the line after the unit changed', [[7, 1, '    return y * 2']], false],
  ] as Array<[string, Array<[number, number, ...string[]]>, boolean]>)('%s: applied %s', (_name, edits, applied) => {
    expect(fixed(edits)).toBe(applied ? edited(edits) : doc);
  });

  it('fixes the last line of a file with or without a final line break, trailing spaces dropped', () => {
    const noBreak = 'import os\ndef a():\n    return 1\ndef b(x):\n    y = x + 1\n    return y\ndef c():\n    return 3';
    const answer = noBreak.replace('return 3', 'return 4   ');
    expect(fix('python', noBreak, '    return 3', fence(answer))).toBe(noBreak.replace('return 3', 'return 4'));
    expect(fix('python', noBreak + '\n', '    return 3', answer)).toBe(noBreak.replace('return 3', 'return 4') + '\n');
  });

  it('maps a whole-file answer onto a document with CRLF line breaks', () => {
    const crlf = 'x = compute(1\r\n\r\ndef a():\r\n    return 1\r\n\r\ndef b(x):\r\n    y = x + 1\r\n    return y\r\n\r\ndef c():\r\n    return 3\r\n';
    const answer = crlf.replace(/\r\n/g, '\n').replace('compute(1', 'compute(1)').replace('return 3', 'return 4');
    expect(fix('python', crlf, 'x = compute(1', fence(answer))).toBe(crlf.replace('compute(1', 'compute(1)'));
  });

  it('does not count a line of spaces as code', () => {
    const spaced = 'import os\n\ndef a():\n    return 1\n    \ndef b(x):\n    y = x + 1\n    return y\n\ndef c():\n    return 3\n';
    const answer = spaced.replace('return 1', 'return 11').replace('return 3', 'return 33').replace('y = x + 1', 'y = x + 2').replace('\n    \n', '\n\n');
    expect(fix('python', spaced, '    y = x + 1', fence(answer))).toBe(spaced.replace('y = x + 1', 'y = x + 2'));
  });

  it('takes an answer with six in ten of the lines as the whole file', () => {
    const ten = 'import os\nimport re\n\ndef a():\n    return 1\n\ndef b(x):\n    y = x + 1\n    return y\n\ndef c():\n    return 3\n\nprint(c())\n';
    const answer = ten.replace('import os', 'import json').replace('return 1', 'return 2').replace('return 3', 'return 4').replace('y = x + 1', 'y = x + 2');
    expect(fix('python', ten, '    y = x + 1', fence(answer))).toBe(ten.replace('import os', 'import os\nimport json').replace('y = x + 1', 'y = x + 2'));
  });
});

describe('mapFixAnswer on an answer for the unit', () => {
  it('gives nothing for an empty answer', () => {
    expect(changesFor('python', 'x = f(1\n', 'x = f(1', '```python\n   \n\n```')).toBeUndefined();
    expect(changesFor('python', 'x = f(1\n', 'x = f(1', '')).toBeUndefined();
  });

  it('writes the edits in the document’s own line breaks', () => {
    const doc = 'b = compute(a\r\nc = b\r\n';
    const changes = changesFor('python', doc, 'b = compute(a', 'b = compute(a)\nb += 1');
    expect(changes).toEqual([{ start: 13, end: 13, newText: ')\r\nb += 1' }]);
    expect(applyChanges(doc, changes!)).toBe('b = compute(a)\r\nb += 1\r\nc = b\r\n');
  });

  it('finds a unit below the first line of a CRLF document where it is', () => {
    const doc = 'a = 1\r\nb = compute(a\r\nc = b\r\n';
    const changes = changesFor('python', doc, 'b = compute(a', 'b = compute(a)');
    expect(changes).toEqual([{ start: 20, end: 20, newText: ')' }]);
    expect(applyChanges(doc, changes!)).toBe('a = 1\r\nb = compute(a)\r\nc = b\r\n');
  });

  it('lays two separate changes inside the unit in their places', () => {
    const doc = 'def b(x):\n    y = x + 1\n    z = y * 2\n    return z\n';
    const unit = doc.trimEnd();
    expect(fix('python', doc, unit, fence('def b(x):\n    assert x\n    y = x + 1\n    z = y * 2\n    return z + 1'))).toBe('def b(x):\n    assert x\n    y = x + 1\n    z = y * 2\n    return z + 1\n');
    // Two lines changed together: one edit that spans both.
    const both = changesFor('python', doc, unit, fence('def b(x):\n    y = x + 1\n    z = y * 3\n    return z + 1'));
    expect(both).toEqual([{ start: 36, end: 50, newText: '3\n    return z + 1' }]);
    expect(applyChanges(doc, both!)).toBe('def b(x):\n    y = x + 1\n    z = y * 3\n    return z + 1\n');
  });

  it('repeats a common end of a changed line only once', () => {
    const doc = 'def b(x):\n    y = x\n    return y\n';
    expect(changesFor('python', doc, '    y = x', 'y = x + x')).toEqual([{ start: 19, end: 19, newText: ' + x' }]);
  });

  it('counts lines from a document that starts with a blank line', () => {
    expect(fix('python', '\nx = compute(1\n', 'x = compute(1', 'x = compute(1)')).toBe('\nx = compute(1)\n');
  });

  it('keeps an import inside the function, and adds one at column 0 to the file’s imports', () => {
    const doc = 'import os\n\ndef f():\n    return json.dumps(1\n';
    const unit = 'def f():\n    return json.dumps(1';
    expect(fix('python', doc, unit, fence('def f():\n    import json\n    return json.dumps(1)'))).toBe('import os\n\ndef f():\n    import json\n    return json.dumps(1)\n');
    expect(fix('python', doc, '    return json.dumps(1', 'return json.dumps(1)   \n\nimport json')).toBe('import json\nimport os\n\ndef f():\n    return json.dumps(1)\n');
  });

  it('lays the answer as it is when the answer cannot be parsed', () => {
    const doc = 'def f():\n    return g(1\n';
    const changes = mapFixAnswer('def f():\n    return g(1)', { text: doc, unit: { start: 0, end: doc.length - 1 }, name: 'f', parse: () => undefined });
    expect(applyChanges(doc, changes!)).toBe('def f():\n    return g(1)\n');
  });

  it('keeps a unit’s first line of code that has no spaces', () => {
    expect(fix('python', 'x=1\ny=compute(x\nz=y\n', 'x=1\ny=compute(x', 'x=1\ny=compute(x)')).toBe('x=1\ny=compute(x)\nz=y\n');
  });

  it('gives nothing when the answer differs from the document in too many lines', () => {
    const body = (v: string) => Array.from({ length: 1001 }, (_, i) => `${v}${i} = ${i}`).join('\n');
    const doc = `${body('x')}\n`;
    expect(changesFor('python', doc, body('x'), body('y'))).toBeUndefined();
  });
});

describe('mapFixAnswer without the lines repeated around the unit', () => {
  const doc = 'a = 1\nb = 2\nc = compute(b\nd = c\ne = 4\n';
  const unit = 'c = compute(b';
  it.each([
    ['two lines before and after', 'a = 1\nb = 2\nc = compute(b)\nd = c\ne = 4', doc.replace('(b\n', '(b)\n')],
    ['one line before, the fix adding a line', 'b = 2\nc = compute(b)\nc += 1', doc.replace('(b\n', '(b)\nc += 1\n')],
    ['a line before that is not the document’s', 'x = 0\nb = 2\nc = compute(b)', doc.replace('c = compute(b\n', 'x = 0\nb = 2\nc = compute(b)\n')],
    ['a line before, then one unlike the unit', 'b = 2\nresult = other()', doc.replace('c = compute(b\n', 'b = 2\nresult = other()\n')],
    ['the unit’s line, then one after that is the document’s and one that is not', 'c = compute(b)\nd = c\nd += 1', doc.replace('c = compute(b\n', 'c = compute(b)\nd = c\nd += 1\n')],
    ['the unit’s line, then one after that is not the document’s', 'c = compute(b)\nd = c + 1', doc.replace('c = compute(b\nd = c\n', 'c = compute(b)\nd = c + 1\nd = c\n')],
  ])('%s', (_name, answer, expected) => {
    expect(fix('python', doc, unit, answer)).toBe(expected);
  });

  it.each([
    ['the same indentation', '    a = 1\n    c = compute(b)', 'def f(b):\n    a = 1\n    c = compute(b)\n    return c\n'],
    ['without the indentation', 'a = 1\nc = compute(b)', 'def f(b):\n    a = 1\n    c = compute(b)\n    return c\n'],
  ])('drops a repeated line before the unit written with %s', (_name, answer, expected) => {
    expect(fix('python', 'def f(b):\n    a = 1\n    c = compute(b\n    return c\n', '    c = compute(b', answer)).toBe(expected);
  });

  it('drops the lines repeated around a two-line unit whose last line stays', () => {
    expect(fix('python', doc, 'c = compute(b\nd = c', 'b = 2\nc = compute(b)\nd = c\ne = 4')).toBe(doc.replace('(b\n', '(b)\n'));
  });

  it('does not take an empty line of the answer for the unit’s empty first line', () => {
    const text = 'a = 1\nb = 2\n\nc = compute(b\n';
    expect(fix('python', text, '\nc = compute(b', 'b = 2\n\nc = compute(b)')).toBe('a = 1\nb = 2\n\nb = 2\n\nc = compute(b)\n');
  });

  it.each([
    ['an empty line', 'b = 2\n\nc = compute(b)'],
    ['a line of spaces', 'b = 2\n    \nc = compute(b)'],
  ])('does not take %s for a repeated line', (_name, answer) => {
    const text = 'a = 1\nb = 2\n\nc = compute(b\nd = c\n';
    expect(fix('python', text, unit, answer)).toBe('a = 1\nb = 2\n\nb = 2\n\nc = compute(b)\nd = c\n');
  });

  it.each([
    // How much of the unit's line must stay for the answer's line to be it, fixed.
    ['half of the line the same', 'n = 1234', 'n = 5678', true],
    ['the same start and end', 'n = 1;', 'n = 99;', true],
    ['less than half of the longer line', 'n = 1', 'n = 56789', false],
    ['the line fixed at its start', 'a = compute(x)', 'b = compute(x)', true],
    ['the line cut to less than half', 's = 0  # 10', 's = 0', false],
    ['the line grown to more than twice', 's = 0', 's = 0  # 10', false],
    ['a different line of the same length', 'n = 1', 'q(77)', false],
    ['a different line', 'n = 1', 'total = other()', false],
  ])('%s: the line before is dropped: %s', (_name, unitLine, fixedLine, dropped) => {
    const text = `m = 0\n${unitLine}\nk = 2\n`;
    const out = fix('python', text, unitLine, `m = 0\n${fixedLine}`);
    expect(out).toBe(dropped ? text.replace(unitLine, fixedLine) : text.replace(unitLine, `m = 0\n${fixedLine}`));
  });
});

describe('mapFixAnswer picks the unit’s definition from the answer', () => {
  it('the one with the most of the unit’s lines, and of the unit’s name', () => {
    const doc = 'def total(xs):\n    s = 0\n    for x in xs:\n        s += x\n    return s +\n';
    const unit = doc.trimEnd();
    const wrong = 'def total(xs):\n    r = 0\n    i = 0\n    while i < len(xs):\n        r += xs[i]\n        i += 1\n    return r';
    const right = 'def total(xs):\n    s = 0\n    for x in xs:\n        s += x\n    return s';
    expect(fix('python', doc, unit, fence(`${wrong}\n\n${right}`), 'total', 'function_definition')).toBe(`${right}\n`);
    const helper = 'def helper(xs):\n    s = 0\n    for x in xs:\n        s += x\n    return s';
    expect(fix('python', doc, unit, fence(`${helper}\n\ndef total(xs):\n    return helper(xs)`), 'total', 'function_definition')).toBe('def total(xs):\n    return helper(xs)\n');
  });

  it('the one of the unit’s kind', () => {
    const doc = 'class A {\n  pick(a: any) {\n    const b = a.trimm();\n    return b;\n  }\n}\n';
    const unit = '  pick(a: any) {\n    const b = a.trimm();\n    return b;\n  }';
    const answer = '```ts\nclass A {\n  pick(a: any) {\n    return a.trim();\n  }\n}\nfunction pick(a: any) {\n  const b = a.trimm();\n  return b;\n}\n```';
    expect(fix('typescript', doc, unit, answer, 'pick', 'method_definition')).toBe('class A {\n  pick(a: any) {\n    return a.trim();\n  }\n}\n');
  });

  it('the one with a body when the kind is not known', () => {
    const doc = 'function pick(a: any) {\n  return a.trimm();\n}\n';
    const answer = '```ts\nfunction pick(a: string): string;\nfunction pick(a: any) {\n  return a.trim();\n}\n```';
    expect(fix('typescript', doc, doc.trimEnd(), answer, 'pick')).toBe(doc.replace('trimm', 'trim'));
  });

  it('from the fence that holds the name', () => {
    const doc = 'def total(xs):\n    return sum(xs\n';
    const answer = 'The module needs:\n```python\nimport os\n```\nand the function:\n```python\ndef total(xs):\n    return sum(xs)\n```';
    expect(fix('python', doc, doc.trimEnd(), answer, 'total', 'function_definition')).toBe('def total(xs):\n    return sum(xs)\n');
  });
});

describe('mapFixAnswer re-indents the answer to the unit', () => {
  it.each([
    ['spaces to tabs: deeper lines keep their extra depth', 'typescript', 'function f(a) {\n\tif (a) {\n\t\treturn g(a;\n\t}\n}\n', '\tif (a) {\n\t\treturn g(a;\n\t}', '    if (a) {\n        return g(a);\n  }', 'function f(a) {\n\tif (a) {\n\t    return g(a);\n\t}\n}\n'],
    ['deeper to shallower', 'typescript', 'class A {\n  f(a) {\n    return g(a;\n  }\n}\n', '  f(a) {\n    return g(a;\n  }', '        f(a) {\n          return g(a);\n        }', 'class A {\n  f(a) {\n    return g(a);\n  }\n}\n'],
    ['shallower to deeper, a line left of the first', 'typescript', 'class A {\n    f(a) {\n        return g(a;\n    }\n}\n', '    f(a) {\n        return g(a;\n    }', '  f(a) {\n      return g(a);\n}', 'class A {\n    f(a) {\n        return g(a);\n  }\n}\n'],
    ['blank lines stay empty', 'python', 'def f():\n    x = 1\n    y = g(x\n', '    x = 1\n    y = g(x', 'x = 1\n  \ny = g(x)', 'def f():\n    x = 1\n\n    y = g(x)\n'],
    ['an answer in place keeps its lines of spaces (es-module-lexer has them)', 'python', 'def f():\n    x = 1\n  \n    y = g(x\n', '    x = 1\n  \n    y = g(x', '    x = 1\n  \n    y = g(x)', 'def f():\n    x = 1\n  \n    y = g(x)\n'],
  ])('%s', (_name, language, doc, unit, answer, expected) => {
    expect(fix(language, doc, unit, answer)).toBe(expected);
  });
});

describe('mapImportAnswer', () => {
  const parse = () => parsers.get('python')!;
  it.each([
    ['adds an import after the file’s', 'import os\n\nx = os.getcwd()\n', 'import os\nimport sys', 'import os\nimport sys\n\nx = os.getcwd()\n'],
    ['keeps the document’s line breaks', 'import os\r\n\r\nx = os.getcwd()\r\n', 'import os\r\nimport sys', 'import os\r\nimport sys\r\n\r\nx = os.getcwd()\r\n'],
  ])('%s', (_name, text, answer, expected) => {
    const changes = mapImportAnswer(answer, { text, parse: parse() });
    expect(applyChanges(text, changes!)).toBe(expected);
  });

  it('gives nothing when the answer adds no import', () => {
    expect(mapImportAnswer('import os', { text: 'import os\n', parse: parse() })).toBeUndefined();
  });
});
