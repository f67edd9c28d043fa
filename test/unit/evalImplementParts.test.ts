import { beforeAll, describe, expect, it } from 'vitest';
import { Parser, type Tree } from 'web-tree-sitter';
import { parseEvalArgs, shellWords } from '../../server/eval/evalArgs';
import { evalFunctions } from '../../server/eval/functionStubs';
import { meanOf, passAtK } from '../../server/eval/passAtK';
import { retryNoteLines } from '../../server/actions/retryNote';
import { GrammarRegistry, type LoadedGrammar } from '../../server/syntax/grammarRegistry';

/** C(a, b) with exact integers. */
function choose(a: number, b: number): bigint {
  if (b > a) return 0n;
  let r = 1n;
  for (let i = 1; i <= b; i++) r = (r * BigInt(a - b + i)) / BigInt(i);
  return r;
}

describe('passAtK', () => {
  it('is 1 - C(n-c, k) / C(n, k) for every n, c, k up to 20', () => {
    for (let n = 1; n <= 20; n++) {
      for (let c = 0; c <= n; c++) {
        for (let k = 1; k <= n; k++) {
          const exact = 1 - Number(choose(n - c, k)) / Number(choose(n, k));
          expect(passAtK(n, c, k)).toBeCloseTo(exact, 12);
        }
      }
    }
  });

  it('gives the known values, 1 when every draw of k must hold a pass, and nothing for k above n', () => {
    expect(passAtK(10, 7, 1)).toBeCloseTo(0.7, 15);
    expect(passAtK(5, 2, 2)).toBeCloseTo(0.7, 15);
    expect(passAtK(10, 0, 10)).toBe(0);
    expect(passAtK(10, 1, 10)).toBe(1);
    expect(passAtK(10, 6, 5)).toBe(1);
    expect(passAtK(3, 3, 1)).toBe(1);
    expect(passAtK(3, 1, 4)).toBeUndefined();
    // Large n: the product form does not overflow where the binomials would.
    expect(passAtK(2000, 1000, 1)).toBeCloseTo(0.5, 12);
  });

  it('refuses impossible counts', () => {
    expect(() => passAtK(3, 4, 1)).toThrow('pass@k needs whole numbers 0 <= c <= n and k >= 1 (n=3, c=4, k=1)');
    expect(() => passAtK(3, 1, 0)).toThrow(RangeError);
    expect(() => passAtK(3.5, 1, 1)).toThrow(RangeError);
    expect(() => passAtK(3, -1, 1)).toThrow(RangeError);
  });

  it('averages only the known values', () => {
    expect(meanOf([0.5, undefined, 1])).toBe(0.75);
    expect(meanOf([undefined])).toBeUndefined();
    expect(meanOf([])).toBeUndefined();
  });
});

describe('the eval command line', () => {
  it('splits a test command as a shell would, without running one', () => {
    expect(shellWords('python3 -m unittest')).toEqual(['python3', '-m', 'unittest']);
    expect(shellWords(`  pytest  -k "add and not slow" 'tests/a b.py' x\\ y "a\\"b" ''`)).toEqual(['pytest', '-k', 'add and not slow', 'tests/a b.py', 'x y', 'a"b', '']);
    expect(shellWords('go test ./... -run {function}')).toEqual(['go', 'test', './...', '-run', '{function}']);
  });

  it('reads every option, with the defaults', () => {
    expect(parseEvalArgs(['implement', '--test', 'python3 -m unittest'])).toEqual({ command: 'implement', files: [], n: 10, k: [1, 5, 10], cases: 60, seed: 1, test: ['python3', '-m', 'unittest'] });
    expect(
      parseEvalArgs(['implement', '--test', 'make test', '--files', 'a.py', 'src/**/*.py', '--functions', 'add, clamp', '-n', '4', '-k', '1,2', '--attempts', '2', '--temperature', '0.8', '--json', 'o.json', '--settings', 's.json']),
    ).toEqual({ command: 'implement', files: ['a.py', 'src/**/*.py'], functions: ['add', 'clamp'], test: ['make', 'test'], n: 4, k: [1, 2], attempts: 2, temperature: 0.8, cases: 60, seed: 1, json: 'o.json', settingsFile: 's.json' });
    expect(parseEvalArgs(['complete', '--cases', '12', '--seed', '0', '--files', '*.ts'])).toEqual({ command: 'complete', files: ['*.ts'], n: 10, k: [1, 5, 10], cases: 12, seed: 0 });
    expect(parseEvalArgs(['complete', '--help'])).toEqual({ help: true });
  });

  it('names each mistake', () => {
    expect(parseEvalArgs([])).toEqual({ error: 'which evaluation? implement or complete' });
    expect(parseEvalArgs(['score'])).toEqual({ error: 'unknown evaluation score (implement or complete)' });
    expect(parseEvalArgs(['implement'])).toEqual({ error: 'eval implement needs --test "<the command that runs your tests>"' });
    expect(parseEvalArgs(['implement', '--test'])).toEqual({ error: '--test needs a value' });
    expect(parseEvalArgs(['implement', '--test', 'x', '-n', '0'])).toEqual({ error: '-n needs a whole number from 1 up, not "0"' });
    expect(parseEvalArgs(['implement', '--test', 'x', '--attempts', '11'])).toEqual({ error: '--attempts needs a whole number from 1 to 10, not "11"' });
    expect(parseEvalArgs(['implement', '--test', 'x', '--temperature', 'hot'])).toEqual({ error: '--temperature needs a number from 0 to 2, not "hot"' });
    expect(parseEvalArgs(['implement', '--test', '"x'])).toEqual({ error: 'unterminated " in "\\"x"' });
    expect(parseEvalArgs(['implement', '--test', 'x', '--files'])).toEqual({ error: '--files needs at least one glob' });
    expect(parseEvalArgs(['complete', '--test', 'x'])).toEqual({ error: 'unknown option --test for eval complete' });
    expect(parseEvalArgs(['implement', '--test', 'x', '--cases', '3'])).toEqual({ error: 'unknown option --cases for eval implement' });
  });
});

describe('retryNoteLines', () => {
  it('tells a fill-in-the-middle model the earlier code and the whole output, as comments', () => {
    const problem = 'the tests fail: test_add\nTraceback (most recent call last):\n  File "calc.py", line 6, in add\nAssertionError: -1 != 5';
    expect(retryNoteLines('#', '    ', `The previous attempt failed: the tests fail: test_add`, { problem, code: '    x = 1\n    return a - b\n' })).toEqual([
      '    # The previous attempt failed: the tests fail: test_add',
      '    # It was:',
      '    #     x = 1',
      '    #     return a - b',
      '    # Output:',
      '    #     Traceback (most recent call last):',
      '    #       File "calc.py", line 6, in add',
      '    #     AssertionError: -1 != 5',
    ]);
  });

  it('leaves out what is not there, and caps long code and output', () => {
    expect(retryNoteLines('//', '', 'failed: syntax errors', { problem: 'syntax errors' })).toEqual(['// failed: syntax errors']);
    const lines = retryNoteLines('//', '', 'first', { problem: `x\n${Array.from({ length: 50 }, (_, i) => `out ${i}`).join('\n')}`, code: Array.from({ length: 45 }, (_, i) => `line ${i}`).join('\n') });
    expect(lines.length).toBe(1 + 1 + 40 + 1 + 30);
    expect(lines[41]).toBe('//     ... (6 more lines)');
    expect(lines.at(-1)).toBe('//     ... (21 more lines)');
  });
});

describe('evalFunctions', () => {
  const registry = new GrammarRegistry();
  const grammars = new Map<string, LoadedGrammar>();
  const parse = (id: string) => (code: string): Tree | undefined => {
    const parser = new Parser();
    parser.setLanguage(grammars.get(id)!.language);
    return parser.parse(code) ?? undefined;
  };
  beforeAll(async () => {
    for (const id of ['python', 'javascript', 'go', 'rust']) grammars.set(id, (await registry.load(registry.entries.find((e) => e.id === id)!))!);
  });
  const functions = (id: string, text: string) => evalFunctions(grammars.get(id)!, parse(id)(text)!, text, parse(id));

  it('stubs each Python function after its docstring, and skips what is already a stub', () => {
    const text = 'def add(a, b):\n    """Sum."""\n    total = a + b\n    return total\n\n\nclass C:\n    def m(self):\n        return 1\n\n\ndef todo():\n    pass\n';
    const found = functions('python', text);
    expect(found.map((f) => [f.name, f.line, f.bodyLines])).toEqual([['add', 1, 2], ['m', 8, 1]]);
    expect(found[0].stubbed).toBe(text.replace('    total = a + b\n    return total\n', '    pass\n'));
    expect(found[1].stubbed).toBe(text.replace('        return 1\n', '        pass\n'));
    expect(found[1].stubStart).toBe(text.indexOf('def m'));
  });

  it("uses each language's own stub statement", () => {
    const js = 'function f(a) {\n  // why\n  const b = a + 1;\n  return b;\n}\n';
    expect(functions('javascript', js)[0].stubbed).toBe('function f(a) {\n  // why\n  throw new Error("not implemented");\n}\n');
    const go = 'package p\n\nfunc F(a int) int {\n\tb := a + 1\n\treturn b\n}\n';
    expect(functions('go', go)[0].stubbed).toBe('package p\n\nfunc F(a int) int {\n\tpanic("not implemented")\n}\n');
    const rust = 'fn f(a: i32) -> i32 {\n    let b = a + 1;\n    b\n}\n';
    expect(functions('rust', rust)[0].stubbed).toBe('fn f(a: i32) -> i32 {\n    todo!()\n}\n');
  });
});
