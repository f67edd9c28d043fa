import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { globMatcher, globToRegExp, projectFiles } from '../../server/eval/projectFiles';

/** Which files `infill-ls eval` takes from a project: known languages, the user's globs, no dependencies or builds. */
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'project-files-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const FILES = [
  'README.md',
  'setup.py',
  'app/main.py',
  'app/util.py',
  'app/notes.txt',
  'app/sub/deep.py',
  'app/test_main.py',
  'app/main_test.py',
  'app/.hidden.py',
  'web/src/index.ts',
  'web/src/view.tsx',
  'web/src/index.test.ts',
  'web/src/view.spec.tsx',
  'web/src/__tests__/helper.ts',
  'web/lib/Widget.JS',
  'go/server.go',
  'go/server_test.go',
  'tests/conftest.py',
  'spec/thing.rb',
  'test/run.sh',
  'node_modules/pkg/index.js',
  'web/node_modules/pkg/index.js',
  '.git/hooks/pre-commit.py',
  'target/debug/build.rs',
  '.venv/lib/site.py',
  'venv/lib/site.py',
  'dist/out.js',
  'build/gen.py',
  'app/__pycache__/main.py',
  '.tox/py/x.py',
  '.config/tool.py',
];
for (const file of FILES) {
  fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  fs.writeFileSync(path.join(root, file), '\n');
}
fs.symlinkSync(path.join(root, 'app'), path.join(root, 'app-link'));

const list = (patterns: string[], tests = true) => projectFiles(root, patterns, { tests }).map((f) => path.relative(root, f).split(path.sep).join('/'));

describe('projectFiles', () => {
  it('lists the files with a grammar, sorted, as absolute paths, and never looks into dependencies, builds, caches or hidden folders', () => {
    expect(list([])).toEqual([
      'app/main.py',
      'app/main_test.py',
      'app/sub/deep.py',
      'app/test_main.py',
      'app/util.py',
      'go/server.go',
      'go/server_test.go',
      'setup.py',
      'spec/thing.rb',
      'test/run.sh',
      'tests/conftest.py',
      'web/lib/Widget.JS',
      'web/src/__tests__/helper.ts',
      'web/src/index.test.ts',
      'web/src/index.ts',
      'web/src/view.spec.tsx',
      'web/src/view.tsx',
    ]);
    expect(projectFiles(root, [], { tests: true }).every((f) => path.isAbsolute(f) && f.startsWith(root))).toBe(true);
  });

  it('leaves the test files out with tests: false', () => {
    expect(list([], false)).toEqual(['app/main.py', 'app/sub/deep.py', 'app/util.py', 'go/server.go', 'setup.py', 'web/lib/Widget.JS', 'web/src/index.ts', 'web/src/view.tsx']);
  });

  it('takes the files any pattern matches; a folder or a plain path matches itself and what is under it', () => {
    expect(list(['app'])).toEqual(['app/main.py', 'app/main_test.py', 'app/sub/deep.py', 'app/test_main.py', 'app/util.py']);
    expect(list(['./app/sub/', 'setup.py'])).toEqual(['app/sub/deep.py', 'setup.py']);
    expect(list(['**/*.ts'], false)).toEqual(['web/src/index.ts']);
    expect(list(['app/*.py'], false)).toEqual(['app/main.py', 'app/util.py']);
    expect(list(['*/*.{go,tsx}', 'web/src/*.tsx'])).toEqual(['go/server.go', 'go/server_test.go', 'web/src/view.spec.tsx', 'web/src/view.tsx']);
    expect(list(['app/[mu]*.py'], false)).toEqual(['app/main.py', 'app/util.py']);
    expect(list([path.join(root, 'go')], false)).toEqual(['go/server.go']);
    expect(list(['.'], false)).toEqual(list([], false));
    expect(list(['nothing/here', 'dist/out.js', 'node_modules'])).toEqual([]);
  });
});

describe('globToRegExp and globMatcher', () => {
  const cases: Array<[string, string[], string[]]> = [
    ['*.py', ['a.py', '.py'], ['a/b.py', 'a.pyc', 'a.py/x']],
    ['a?c', ['abc', 'a.c'], ['ac', 'a/c', 'abbc']],
    ['**', ['a', 'a/b/c'], []],
    ['**/x.go', ['x.go', 'a/x.go', 'a/b/x.go'], ['ax.go', 'a/bx.go']],
    ['src/**/*.ts', ['src/a.ts', 'src/a/b/c.ts'], ['src.ts', 'lib/src/a.ts', 'src/a.tsx']],
    ['src/**', ['src/a', 'src/a/b'], ['src', 'srcx/a']],
    ['a**b', ['ab', 'axxb'], ['a/b']],
    ['{a,b/c}.py', ['a.py', 'b/c.py'], ['c.py', '{a,b/c}.py']],
    ['x{1,{2,3}}', ['x1', 'x2', 'x3'], ['x', 'x{2,3}']],
    ['x{a*,b}', ['xa', 'xabc', 'xb'], ['xbc', 'xa/b']],
    ['[a-c]x', ['ax', 'bx', 'cx'], ['dx', '-x', 'x']],
    ['[!a-c]x', ['dx', '-x'], ['ax', '/x']],
    ['[^a]x', ['bx'], ['ax']],
    ['[]a]x', [']x', 'ax'], ['bx']],
    ['[a', ['[a'], ['a']],
    ['{a', ['{a'], ['a']],
    ['a[/]b', ['a[/]b'], ['a/b']],
    ['a.b+(c)$^|', ['a.b+(c)$^|'], ['aXb+(c)$^|']],
    ['\\*.py', ['*.py'], ['a.py']],
  ];
  it.each(cases)('%s', (glob, matching, other) => {
    const re = globToRegExp(glob);
    for (const p of matching) expect(re.test(p), `${glob} should match ${p}`).toBe(true);
    for (const p of other) expect(re.test(p), `${glob} should not match ${p}`).toBe(false);
  });

  it('matches a path when a glob matches it or one of its folders, and everything when there are no globs', () => {
    const matches = globMatcher(['lib', 'src/*']);
    expect(['lib/a.py', 'lib/x/y.py', 'src/a.py', 'src/x/y.py'].map(matches)).toEqual([true, true, true, true]);
    expect(['libx/a.py', 'a/lib/b.py', 'src'].map(matches)).toEqual([false, false, false]);
    expect(globMatcher([])('any/thing')).toBe(true);
  });
});
