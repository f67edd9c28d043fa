import { describe, expect, it } from 'vitest';
import { isTestFile } from '../../server/actions/testFiles';

/** Which paths are test files, for the test runs' output and an evaluation's files. */
describe('isTestFile', () => {
  it.each([
    ['test_stock.py', true],
    ['pkg/stock_test.py', true],
    ['server_test.go', true],
    ['a/b.test.tsx', true],
    ['b.spec.js', true],
    ['tests/conftest.py', true],
    ['src/__tests__/x.ts', true],
    ['spec/thing.rb', true],
    ['a/test/x/y.c', true],
    ['testing.py', false],
    ['contest.py', false],
    ['latest_results.py', false],
    ['test.py', false],
    ['src/testdata.go', false],
    ['tests.py', false],
    // Both the test runs' output and an evaluation's file list ask this one rule.
    ['conftest.py', true],
    ['/home/me/shop/tests/test_stock.py', true],
    ['lib/parse.test.c', true],
    ['node_modules/lodash/test/x.js', false],
    ['/usr/lib/python3/dist-packages/foo/tests/test_a.py', false],
    ['venv/lib/python3.11/site-packages/six/test_six.py', false],
    ['node:internal/test/runner.js', false],
  ])('%s: %s', (file, expected) => {
    expect(isTestFile(file)).toBe(expected);
  });
});
