// `infill-ls eval implement` as a user runs it: the built command in a child process, in a
// copy of a sample project with real tests (Python's unittest, Node's test runner), against
// the fake model in this process, scripted to answer right or wrong per function and sample.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeModelServer, type RecordedRequest } from '../fake-model';
import { fileTree } from './fileTree';
import { SERVER_MAIN } from './lspClient';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'eval-project');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

const fakes: FakeModelServer[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

/** A copy of a sample project in a folder of its own, and a settings file outside it. */
function project(name: string, endpoint: string): { root: string; settings: string; home: string } {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'infill-eval-'));
  const root = path.join(home, name);
  fs.cpSync(path.join(FIXTURES, name), root, { recursive: true });
  const settings = path.join(home, 'settings.json');
  fs.writeFileSync(settings, JSON.stringify({ infill: { model: { endpoint, name: 'qwen2.5-coder:1.5b-base' } } }));
  return { root, settings, home };
}

function evaluate(args: string[], cwd: string, home: string): Promise<Run> {
  // The user's state and config folders are the test's own: no allowed commands from elsewhere.
  const env = { ...process.env, OLLAMA_HOST: '', XDG_STATE_HOME: path.join(home, 'state'), XDG_CONFIG_HOME: path.join(home, 'config'), XDG_CACHE_HOME: path.join(home, 'cache') };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SERVER_MAIN, 'eval', ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** pass@k by its definition (Chen et al. 2021): 1 - C(n-c, k) / C(n, k), with exact binomials. */
function expectedPassAtK(n: number, c: number, k: number): number {
  const choose = (a: number, b: number): number => {
    if (b > a) return 0;
    let r = 1;
    for (let i = 1; i <= b; i++) r = (r * (a - b + i)) / i;
    return r;
  };
  return 1 - choose(n - c, k) / choose(n, k);
}

/** The function whose body a fill-in-the-middle request asks for: the last one defined before the cursor. */
function askedFor(req: RecordedRequest, definition: RegExp): string {
  const names = [...String(req.body.prompt).matchAll(definition)].map((m) => m[1]);
  return names[names.length - 1];
}

/** A fake model that answers sample i of each function with the right body where `pattern[name][i]` is 'R', else a wrong one. */
async function scripted(definition: RegExp, bodies: Record<string, { right: string; wrong: string; pattern: string }>): Promise<FakeModelServer> {
  const asked = new Map<string, number>();
  const fake = await FakeModelServer.start({
    behavior: {
      text: (req) => {
        const name = askedFor(req, definition);
        const i = asked.get(name) ?? 0;
        asked.set(name, i + 1);
        const body = bodies[name];
        if (!body) return `// no script for ${name}`;
        return body.pattern[i] === 'R' ? body.right : body.wrong;
      },
    },
  });
  fakes.push(fake);
  return fake;
}

const PY_DEF = /def (\w+)\(/g;
const PY_BODIES = {
  add: { right: 'total = a + b\n    return total', wrong: 'return a - b', pattern: 'RWRWW' },
  clamp: { right: 'if value < low:\n        return low\n    return min(value, high)', wrong: 'return value', pattern: 'WWWWW' },
  word_count: { right: 'words = text.split()\n    return len(words)', wrong: 'return 0', pattern: 'RRRRR' },
};

describe('infill-ls eval implement', () => {
  it('reports samples, passes and pass@k per function on a Python project (unittest), skips what the tests do not cover, and leaves the project untouched', async () => {
    const fake = await scripted(PY_DEF, PY_BODIES);
    const { root, settings, home } = project('python', fake.url);
    const before = fileTree(root);
    const out = path.join(home, 'out.json');
    const run = await evaluate(['implement', '--test', 'python3 -m unittest', '-n', '5', '-k', '1,2,5', '--attempts', '1', '--json', out, '--settings', settings], root, home);
    expect(run.stderr).not.toContain('unexpected');
    expect(run.code).toBe(0);
    expect(fileTree(root)).toEqual(before);

    const report = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(Object.keys(report)).toEqual(['implement']);
    const { implement } = report;
    expect({ n: implement.n, k: implement.k, attempts: implement.attempts, evaluated: implement.evaluated, skipped: implement.skipped }).toEqual({ n: 5, k: [1, 2, 5], attempts: 1, evaluated: 3, skipped: 1 });
    const rows = implement.functions.map((f: any) => ({ file: f.file, name: f.name, samples: f.samples, passed: f.passed, skipped: f.skipped }));
    expect(rows).toEqual([
      { file: 'calc.py', name: 'add', samples: 5, passed: 2, skipped: null },
      { file: 'calc.py', name: 'clamp', samples: 5, passed: 0, skipped: null },
      { file: 'calc.py', name: 'word_count', samples: 5, passed: 5, skipped: null },
      { file: 'calc.py', name: 'shout', samples: 0, passed: 0, skipped: 'not covered by the tests' },
    ]);
    for (const f of implement.functions.slice(0, 3)) {
      for (const k of [1, 2, 5]) expect(f.passAtK[String(k)]).toBeCloseTo(expectedPassAtK(5, f.passed, k), 12);
      expect(f.medianMs).toBeGreaterThan(0);
    }
    expect(implement.functions[0].passAtK['2']).toBeCloseTo(0.7, 12);
    expect(implement.functions[3].passAtK).toBeNull();
    for (const k of [1, 2, 5]) {
      const mean = [2, 0, 5].reduce((sum, c) => sum + expectedPassAtK(5, c, k), 0) / 3;
      expect(implement.passAtK[String(k)]).toBeCloseTo(mean, 12);
    }
    // One model request per sample (one attempt each); none for the skipped function.
    expect(fake.generationRequests()).toHaveLength(15);

    // The table: one row per function, then the mean.
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0].split(/\s+/)).toEqual(['function', 'samples', 'passed', 'pass@1', 'pass@2', 'pass@5', 'median']);
    expect(lines[2].split(/\s+/).slice(0, 6)).toEqual(['calc.py:add', '5', '2', '0.400', '0.700', '1.000']);
    expect(lines[3].split(/\s+/).slice(0, 6)).toEqual(['calc.py:clamp', '5', '0', '0.000', '0.000', '0.000']);
    expect(lines[4].split(/\s+/).slice(0, 6)).toEqual(['calc.py:word_count', '5', '5', '1.000', '1.000', '1.000']);
    expect(lines[5]).toMatch(/^calc\.py:shout\s+0\s+0\s+-\s+-\s+-\s+-  skipped: not covered by the tests$/);
    expect(lines[6]).toMatch(/^mean of 3 evaluated\s+0\.467\s+0\.567\s+0\.667  \(1 skipped\)$/);
    // Not a terminal: progress comes as plain lines, one per sample.
    expect(run.stderr.split('\n').filter((l) => l.startsWith('implement '))).toHaveLength(20);
    expect(run.stderr).toContain('implement 1/20 calc.py add: sample 1, 1 passed');
  }, 60_000);

  it('feeds the test output back within a sample: a wrong first answer becomes the passing second one', async () => {
    const fake = await FakeModelServer.start({
      behavior: { text: (req) => (String(req.body.prompt).includes('AssertionError: -1 != 5') ? PY_BODIES.add.right : PY_BODIES.add.wrong) },
    });
    fakes.push(fake);
    const { root, settings, home } = project('python', fake.url);
    const out = path.join(home, 'out.json');
    const run = await evaluate(['implement', '--test', 'python3 -m unittest', '--functions', 'add', '-n', '2', '-k', '1', '--attempts', '2', '--json', out, '--settings', settings], root, home);
    expect(run.code).toBe(0);
    const { implement } = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(implement.functions.map((f: any) => [f.name, f.samples, f.passed, f.passAtK])).toEqual([['add', 2, 2, { 1: 1 }]]);
    const prompts = fake.generationRequests().map((r) => String(r.body.prompt));
    expect(prompts).toHaveLength(4);
    // The second attempt is told what the first wrote and how the tests failed, as comments in the body.
    expect(prompts[1]).toContain('    """Return the sum of a and b."""\n    # The previous attempt failed: the tests fail: test_add (tests.test_calc.AddTest');
    expect(prompts[1]).toContain('\n    # It was:\n    #     return a - b\n    # Output:\n');
    expect(prompts[1]).toContain('    #     AssertionError: -1 != 5\n');
  }, 60_000);

  it('in a JavaScript project (node --test, {function} scoping the tests): skips a function whose tests fail as it is', async () => {
    const fake = await scripted(/function (\w+)\(/g, {
      capitalize: { right: "if (word === '') return word;\n  return word[0].toUpperCase() + word.slice(1);", wrong: 'return word;', pattern: 'WRR' },
      reverseWords: { right: "const words = sentence.split(' ');\n  return words.reverse().join(' ');", wrong: "return sentence.split('').reverse().join('');", pattern: 'RRR' },
    });
    const { root, settings, home } = project('javascript', fake.url);
    const before = fileTree(root);
    const out = path.join(home, 'out.json');
    const run = await evaluate(['implement', '--test', 'node --test --test-name-pattern={function}', '-n', '3', '-k', '1,3', '--attempts', '1', '--json', out, '--settings', settings], root, home);
    expect(run.code).toBe(0);
    expect(fileTree(root)).toEqual(before);
    const { implement } = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(implement.functions.map((f: any) => [f.file, f.name, f.samples, f.passed, f.skipped])).toEqual([
      ['src/text.js', 'capitalize', 3, 2, null],
      ['src/text.js', 'reverseWords', 3, 3, null],
      ['src/text.js', 'slugify', 0, 0, 'tests fail without changes'],
      ['src/text.js', 'repeatText', 0, 0, 'not covered by the tests'],
    ]);
    expect(implement.functions[0].passAtK['1']).toBeCloseTo(2 / 3, 12);
    expect(implement.functions[0].passAtK['3']).toBe(1);
    expect(implement.passAtK['1']).toBeCloseTo((2 / 3 + 1) / 2, 12);
    expect({ evaluated: implement.evaluated, skipped: implement.skipped }).toEqual({ evaluated: 2, skipped: 2 });
  }, 60_000);

  it('says what is wrong on the command line, and stops with the model missing', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'infill-eval-'));
    const noTest = await evaluate(['implement'], home, home);
    expect(noTest.code).toBe(2);
    expect(noTest.stderr.split('\n')[0]).toBe('infill-ls eval: eval implement needs --test "<the command that runs your tests>"');
    const badN = await evaluate(['implement', '--test', 'true', '-n', 'ten'], home, home);
    expect(badN.stderr.split('\n')[0]).toBe('infill-ls eval: -n needs a whole number from 1 up, not "ten"');

    const { root, settings } = project('python', 'http://127.0.0.1:9');
    const down = await evaluate(['implement', '--test', 'python3 -m unittest', '--functions', 'add', '-n', '2', '--settings', settings], root, home);
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/infill-ls eval: stopped: No model to use: Ollama does not answer at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
  }, 60_000);
});
