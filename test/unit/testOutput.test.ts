import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { summarizeTestOutput } from '../../server/actions/testOutput';

/**
 * What a failed test run feeds back to the model: real runners' output (see
 * test/fixtures/test-output/README.md for how each was made), trimmed to the failing tests,
 * their messages, the frames in the user's files and the run's totals.
 */
function fixture(name: string): string {
  return fs.readFileSync(path.join(__dirname, '../fixtures/test-output', `${name}.txt`), 'utf8');
}

function summarize(name: string, file: string, maxChars?: number) {
  return summarizeTestOutput(fixture(name), file, maxChars);
}

function lines(...text: string[]): string {
  return text.join('\n');
}

describe('summarizeTestOutput on real runners output', () => {
  it('unittest: an assertion fails (the test file frame and its source line kept)', () => {
    expect(summarize('unittest-failure', 'calc.py')).toEqual({
      failing: ['test_add (test_calc.CalcTest.test_add)'],
      summary: lines(
        'FAIL: test_add (test_calc.CalcTest.test_add)',
        '  File "/project/test_calc.py", line 8, in test_add',
        '    self.assertEqual(add(2, 3), 5)',
        'AssertionError: -1 != 5',
        'Ran 2 tests in 0.001s',
        'FAILED (failures=1)',
      ),
    });
  });

  it('unittest: exceptions in the edited file (its frames kept, the standard library frames dropped)', () => {
    expect(summarize('unittest-error', 'calc.py')).toEqual({
      failing: ['test_average_empty (test_calc.CalcTest.test_average_empty)', 'test_load_total (test_calc.CalcTest.test_load_total)'],
      summary: lines(
        'ERROR: test_average_empty (test_calc.CalcTest.test_average_empty)',
        '  File "/project/test_calc.py", line 14, in test_average_empty',
        '    self.assertEqual(average([]), 0)',
        '                     ^^^^^^^^^^^',
        '  File "/project/calc.py", line 14, in average',
        '    return sum(values) / len(values)',
        '           ~~~~~~~~~~~~^~~~~~~~~~~~~',
        'ZeroDivisionError: division by zero',
        'ERROR: test_load_total (test_calc.CalcTest.test_load_total)',
        '  File "/project/test_calc.py", line 11, in test_load_total',
        '    self.assertEqual(load_total("[{\'price\': 2}, {\'price\': 3}]"), 5)',
        '                     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^',
        '  File "/project/calc.py", line 9, in load_total',
        '    items = json.loads(text)',
        '            ^^^^^^^^^^^^^^^^',
        'json.decoder.JSONDecodeError: Expecting property name enclosed in double quotes: line 1 column 3 (char 2)',
        'Ran 3 tests in 0.001s',
        'FAILED (errors=2)',
      ),
    });
  });

  it('unittest: the edited file does not parse (the import error, its line and marker kept)', () => {
    expect(summarize('unittest-syntax-error', 'calc.py')).toEqual({
      failing: ['test_calc (unittest.loader._FailedTest.test_calc)'],
      summary: lines(
        'ERROR: test_calc (unittest.loader._FailedTest.test_calc)',
        'ImportError: Failed to import test module: test_calc',
        '  File "/project/test_calc.py", line 3, in <module>',
        '    from calc import add, sub',
        '  File "/project/calc.py", line 2',
        '    return a +',
        '              ^',
        'SyntaxError: invalid syntax',
        'Ran 1 test in 0.000s',
        'FAILED (errors=1)',
      ),
    });
  });

  it('pytest: the `>` and `E` lines of the user frames, their locations, the short summary', () => {
    expect(summarize('pytest-failure', 'calc.py')).toEqual({
      failing: ['tests/test_calc.py::test_add', 'tests/test_calc.py::test_average_empty'],
      summary: lines(
        '___________________________________ test_add ___________________________________',
        '>       assert add(2, 3) == 5',
        'E       assert -1 == 5',
        'E        +  where -1 = add(2, 3)',
        'tests/test_calc.py:5: AssertionError',
        '______________________________ test_average_empty ______________________________',
        '>       assert average([]) == 0',
        '               ^^^^^^^^^^^',
        'tests/test_calc.py:13:',
        '>       return sum(values) / len(values)',
        '               ^^^^^^^^^^^^^^^^^^^^^^^^^',
        'E       ZeroDivisionError: division by zero',
        'calc.py:14: ZeroDivisionError',
        'FAILED tests/test_calc.py::test_add - assert -1 == 5',
        'FAILED tests/test_calc.py::test_average_empty - ZeroDivisionError: division b...',
        '========================= 2 failed, 1 passed in 0.84s ==========================',
      ),
    });
  });

  it('pytest: a NameError in the edited file during collection', () => {
    expect(summarize('pytest-collection-error', 'calc.py')).toEqual({
      failing: ['tests/test_calc.py'],
      summary: lines(
        '_____________________ ERROR collecting tests/test_calc.py ______________________',
        'tests/test_calc.py:1: in <module>',
        '    from calc import add, average, load_total',
        'calc.py:3: in <module>',
        '    RATE = DEFAULT_RATE * 2',
        '           ^^^^^^^^^^^^',
        'E   NameError: name \'DEFAULT_RATE\' is not defined',
        'ERROR tests/test_calc.py - NameError: name \'DEFAULT_RATE\' is not defined',
        '=============================== 1 error in 1.19s ===============================',
      ),
    });
  });

  it('a bare Python traceback (a script, not a test file: only the edited file frame)', () => {
    expect(summarize('python-script-error', 'calc.py')).toEqual({
      failing: [],
      summary: lines(
        '  File "/project/calc.py", line 9, in load_total',
        '    items = json.loads(text)',
        '            ^^^^^^^^^^^^^^^^',
        'json.decoder.JSONDecodeError: Expecting property name enclosed in double quotes: line 1 column 3 (char 2)',
      ),
    });
  });

  it('node --test, spec: only the failing-tests list (a suite ✖ is no test), actual and expected kept', () => {
    expect(summarize('node-spec-failure', 'src/calc.js')).toEqual({
      failing: ['adds two numbers', 'totals prices'],
      summary: lines(
        '✖ adds two numbers (2.880997ms)',
        '  AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:',
        '  -1 !== 5',
        '      at TestContext.<anonymous> (/project/test/calc.test.js:8:12)',
        '    actual: -1,',
        '    expected: 5,',
        '✖ totals prices (0.266468ms)',
        '  TypeError [Error]: Cannot read properties of undefined (reading \'value\')',
        '      at /project/src/calc.js:8:62',
        '      at total (/project/src/calc.js:8:16)',
        '      at TestContext.<anonymous> (/project/test/calc.test.js:17:22)',
        'ℹ tests 3',
        'ℹ pass 1',
        'ℹ fail 2',
      ),
    });
  });

  it('node --test, tap: the failed tests YAML trimmed, the suite skipped', () => {
    expect(summarize('node-tap-failure', 'src/calc.js')).toEqual({
      failing: ['adds two numbers', 'totals prices'],
      summary: lines(
        '    not ok 1 - adds two numbers',
        '      error: |-',
        '        Expected values to be strictly equal:',
        '        -1 !== 5',
        '      name: \'AssertionError\'',
        '      expected: 5',
        '      actual: -1',
        '      stack: |-',
        '        TestContext.<anonymous> (/project/test/calc.test.js:8:12)',
        'not ok 2 - totals prices',
        '  error: "Cannot read properties of undefined (reading \'value\')"',
        '  name: \'TypeError\'',
        '  stack: |-',
        '    /project/src/calc.js:8:62',
        '    total (/project/src/calc.js:8:16)',
        '    TestContext.<anonymous> (/project/test/calc.test.js:17:22)',
        '# tests 3',
        '# pass 1',
        '# fail 2',
      ),
    });
  });

  it('node --test, spec: the edited file does not parse', () => {
    expect(summarize('node-spec-syntax-error', 'src/calc.js')).toEqual({
      failing: ['/project/test/calc.test.js'],
      summary: lines(
        '/project/src/calc.js:4',
        '  return a +;',
        '            ^',
        'SyntaxError: Unexpected token \';\'',
        '    at Object.<anonymous> (/project/test/calc.test.js:4:24)',
        '✖ /project/test/calc.test.js (91.331449ms)',
        '  \'test failed\'',
        'ℹ tests 1',
        'ℹ pass 0',
        'ℹ fail 1',
      ),
    });
  });

  it('a bare Node crash: the message, the user frame, actual and expected', () => {
    expect(summarize('node-script-error', 'src/calc.js')).toEqual({
      failing: [],
      summary: lines(
        'AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:',
        '-1 !== 5',
        '    at Object.<anonymous> (/project/test/check.js:6:8)',
        '  actual: -1,',
        '  expected: 5,',
      ),
    });
  });

  it('go test: the test log lines and the package line', () => {
    expect(summarize('go-test-failure', 'calc.go')).toEqual({
      failing: ['TestAdd'],
      summary: lines(
        '--- FAIL: TestAdd (0.00s)',
        '    calc_test.go:7: Add(2, 3) = -1, want 5',
        '    calc_test.go:10: Add(-1, 1) = -2, want 0',
        'FAIL\texample.com/calc\t0.002s',
      ),
    });
  });

  it('go test -v: log lines printed before `--- FAIL` follow it, passing tests dropped', () => {
    expect(summarize('go-test-verbose', 'calc.go')).toEqual({
      failing: ['TestAdd'],
      summary: lines(
        '--- FAIL: TestAdd (0.00s)',
        '    calc_test.go:7: Add(2, 3) = -1, want 5',
        '    calc_test.go:10: Add(-1, 1) = -2, want 0',
        'FAIL\texample.com/calc\t0.003s',
      ),
    });
  });

  it('go test: a panic in a subtest, the user frames only', () => {
    expect(summarize('go-test-panic', 'calc.go')).toEqual({
      failing: ['TestSub', 'TestAt', 'TestAt/last'],
      summary: lines(
        '--- FAIL: TestSub (0.00s)',
        '    calc_test.go:16: Sub(5, 3) = 8, want 2',
        '--- FAIL: TestAt (0.00s)',
        '    --- FAIL: TestAt/last (0.00s)',
        'panic: runtime error: index out of range [3] with length 3 [recovered]',
        '\tpanic: runtime error: index out of range [3] with length 3',
        'example.com/calc.At(...)',
        '\t/project/calc.go:12',
        'example.com/calc.TestAt.func1(0x0?)',
        '\t/project/calc_test.go:22 +0x1b',
        'FAIL\texample.com/calc\t0.005s',
      ),
    });
  });

  it('go test: compile errors', () => {
    expect(summarize('go-build-error', 'calc.go')).toEqual({
      failing: [],
      summary: lines(
        './calc.go:4:2: sum declared but not used',
        './calc.go:5:9: undefined: total',
        './calc.go:13:9: cannot use xs[i] (variable of type int) as type string in return statement',
        './calc_test.go:22:43: invalid operation: got != 3 (mismatched types string and untyped int)',
        'FAIL\texample.com/calc [build failed]',
      ),
    });
  });

  it('cargo test: panics with their messages and left/right', () => {
    expect(summarize('cargo-test-panic', 'src/lib.rs')).toEqual({
      failing: ['tests::adds', 'tests::picks_last'],
      summary: lines(
        '---- tests::adds stdout ----',
        'thread \'tests::adds\' (8401) panicked at src/lib.rs:19:9:',
        'assertion `left == right` failed',
        '  left: -1',
        ' right: 5',
        '---- tests::picks_last stdout ----',
        'thread \'tests::picks_last\' (8402) panicked at src/lib.rs:10:5:',
        'index out of bounds: the len is 3 but the index is 3',
        'test result: FAILED. 1 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s',
      ),
    });
  });

  it('cargo test with RUST_BACKTRACE=1: the user frames only', () => {
    expect(summarize('cargo-test-backtrace', 'src/lib.rs')).toEqual({
      failing: ['tests::adds', 'tests::picks_last'],
      summary: lines(
        '---- tests::adds stdout ----',
        'thread \'tests::adds\' (8416) panicked at src/lib.rs:19:9:',
        'assertion `left == right` failed',
        '  left: -1',
        ' right: 5',
        '   4: calc::tests::adds',
        '             at ./src/lib.rs:19:9',
        '   5: calc::tests::adds::{{closure}}',
        '             at ./src/lib.rs:18:14',
        '---- tests::picks_last stdout ----',
        'thread \'tests::picks_last\' (8417) panicked at src/lib.rs:10:5:',
        'index out of bounds: the len is 3 but the index is 3',
        '   3: calc::nth',
        '             at ./src/lib.rs:10:5',
        '   4: calc::tests::picks_last',
        '             at ./src/lib.rs:29:20',
        '   5: calc::tests::picks_last::{{closure}}',
        '             at ./src/lib.rs:28:20',
        'test result: FAILED. 1 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.08s',
      ),
    });
  });

  it('cargo test: rustc errors whole', () => {
    expect(summarize('cargo-compile-error', 'src/lib.rs')).toEqual({
      failing: [],
      summary: lines(
        'error[E0308]: mismatched types',
        ' --> src/lib.rs:3:5',
        '  |',
        '1 | pub fn add(a: i32, b: i32) -> i32 {',
        '  |                               --- expected `i32` because of return type',
        '2 |     let unused = 0;',
        '3 |     (a + b) as f64',
        '  |     ^^^^^^^^^^^^^^ expected `i32`, found `f64`',
        'error[E0308]: mismatched types',
        '  --> src/lib.rs:11:5',
        '   |',
        '10 | pub fn nth(xs: &[i32], i: usize) -> i32 {',
        '   |                                     --- expected `i32` because of return type',
        '11 |     xs.get(i)',
        '   |     ^^^^^^^^^ expected `i32`, found `Option<&i32>`',
        '   |',
        '   = note: expected type `i32`',
        '              found enum `Option<&i32>`',
        'error: could not compile `calc` (lib) due to 2 previous errors',
        'error: could not compile `calc` (lib test) due to 2 previous errors',
      ),
    });
  });

  it('vitest: colour codes stripped, the code row of the frame line kept, the others dropped', () => {
    expect(summarize('vitest-failure', 'src/calc.js')).toEqual({
      failing: ['test/calc.test.js > calc > adds two numbers', 'test/calc.test.js > totals prices'],
      summary: lines(
        ' FAIL  test/calc.test.js > calc > adds two numbers',
        'AssertionError: expected -1 to be 5 // Object.is equality',
        '- Expected',
        '+ Received',
        '- 5',
        '+ -1',
        ' ❯ test/calc.test.js:6:23',
        '      6|     expect(add(2, 3)).toBe(5);',
        '       |                       ^',
        ' FAIL  test/calc.test.js > totals prices',
        'TypeError: Cannot read properties of undefined (reading \'value\')',
        ' ❯ src/calc.js:8:62',
        '      8|   return items.reduce((sum, item) => sum + item.price.amount.value, 0);',
        '       |                                                              ^',
        ' ❯ total src/calc.js:8:16',
        ' ❯ test/calc.test.js:15:15',
        ' Test Files  1 failed (1)',
        '      Tests  2 failed | 1 passed (3)',
      ),
    });
  });

  it('vitest: the edited file does not parse', () => {
    expect(summarize('vitest-import-error', 'src/calc.js')).toEqual({
      failing: ['test/calc.test.js'],
      summary: lines(
        ' FAIL  test/calc.test.js [ test/calc.test.js ]',
        'RollupError: Parse failure: Expression expected',
        'At file: /src/calc.js:4:12',
        '  File: /src/calc.js:4:12',
        '  4  |    return a +;',
        '     |              ^',
        ' Test Files  1 failed (1)',
        '      Tests  no tests',
      ),
    });
  });
});

/** jest is not installed here: this follows the layout jest prints (two failures, one thrown in the edited file). */
const JEST = `FAIL test/calc.test.js
  calc
    ✕ adds two numbers (3 ms)
    ✓ adds zero (1 ms)
    ✕ totals prices (1 ms)

  ● calc › adds two numbers

    expect(received).toBe(expected) // Object.is equality

    Expected: 5
    Received: -1

       5 | describe('calc', () => {
       6 |   test('adds two numbers', () => {
    >  7 |     expect(add(2, 3)).toBe(5);
         |                       ^
       8 |   });
       9 |

      at Object.toBe (test/calc.test.js:7:23)

  ● calc › totals prices

    TypeError: Cannot read properties of undefined (reading 'value')

       6 |
       7 | function total(items) {
    >  8 |   return items.reduce((sum, item) => sum + item.price.amount.value, 0);
         |                                                              ^
       9 | }
      10 |

      at value (src/calc.js:8:62)
          at Array.reduce (<anonymous>)
      at reduce (src/calc.js:8:16)
      at Object.total (test/calc.test.js:15:12)
      at Promise.then.completed (node_modules/jest-circus/build/utils.js:298:28)
      at new Promise (<anonymous>)

Test Suites: 1 failed, 1 total
Tests:       2 failed, 1 passed, 3 total
Snapshots:   0 total
Time:        0.412 s
Ran all test suites.
`;

describe('summarizeTestOutput', () => {
  it('reads jest: the messages, the `>` code row and its marker, the user frames', () => {
    expect(summarizeTestOutput(JEST, 'src/calc.js')).toEqual({
      failing: ['calc › adds two numbers', 'calc › totals prices'],
      summary: lines(
        '  ● calc › adds two numbers',
        '    expect(received).toBe(expected) // Object.is equality',
        '    Expected: 5',
        '    Received: -1',
        '    >  7 |     expect(add(2, 3)).toBe(5);',
        '         |                       ^',
        '      at Object.toBe (test/calc.test.js:7:23)',
        '  ● calc › totals prices',
        "    TypeError: Cannot read properties of undefined (reading 'value')",
        '    >  8 |   return items.reduce((sum, item) => sum + item.price.amount.value, 0);',
        '         |                                                              ^',
        '      at value (src/calc.js:8:62)',
        '      at reduce (src/calc.js:8:16)',
        '      at Object.total (test/calc.test.js:15:12)',
        'Test Suites: 1 failed, 1 total',
        'Tests:       2 failed, 1 passed, 3 total',
      ),
    });
  });

  it('drops frames in other files: the standard library, node internals, the runtime, node_modules', () => {
    const dropped: Array<[string, string, string]> = [
      ['unittest-error', 'calc.py', 'json/decoder.py'],
      ['node-spec-failure', 'src/calc.js', 'node:internal'],
      ['node-tap-failure', 'src/calc.js', 'node:internal'],
      ['go-test-panic', 'calc.go', 'testing/testing.go'],
      ['cargo-test-backtrace', 'src/lib.rs', '/rustc/'],
      ['vitest-import-error', 'src/calc.js', 'node_modules'],
    ];
    for (const [name, file, frame] of dropped) {
      expect(fixture(name)).toContain(frame);
      expect(summarize(name, file).summary).not.toContain(frame);
    }
  });

  it('keeps the edited file frames only where the path is that file (absolute paths ending in it count)', () => {
    expect(summarize('unittest-error', 'calc.py').summary).toContain('  File "/project/calc.py", line 14, in average');
    expect(summarize('unittest-error', '/project/calc.py').summary).toContain('  File "/project/calc.py", line 14, in average');
    expect(summarize('unittest-error', 'other/calc.py').summary).not.toContain('/project/calc.py');
    expect(summarize('node-spec-failure', 'lib/calc.js').summary).not.toContain('src/calc.js');
    // The test file's frames stay: they show the call that failed.
    expect(summarize('node-spec-failure', 'lib/calc.js').summary).toContain('(/project/test/calc.test.js:17:22)');
  });

  it('fits maxChars with whole lines: the totals first, then the details from the start', () => {
    const failing = ['test_average_empty (test_calc.CalcTest.test_average_empty)', 'test_load_total (test_calc.CalcTest.test_load_total)'];
    expect(summarize('unittest-error', 'calc.py', 200)).toEqual({
      failing,
      summary: lines(
        'ERROR: test_average_empty (test_calc.CalcTest.test_average_empty)',
        '  File "/project/test_calc.py", line 14, in test_average_empty',
        'Ran 3 tests in 0.001s',
        'FAILED (errors=2)',
      ),
    });
    expect(summarize('unittest-error', 'calc.py', 20)).toEqual({ failing, summary: 'FAILED (errors=2)' });
    expect(summarize('unittest-error', 'calc.py', 5)).toEqual({ failing, summary: '' });
    const full = summarize('pytest-failure', 'calc.py').summary.split('\n');
    for (const max of [100, 333, 500, 700]) {
      const kept = summarize('pytest-failure', 'calc.py', max).summary;
      expect(kept.length).toBeLessThanOrEqual(max);
      expect(kept.length).toBeGreaterThan(max - 90);
      expect(kept.split('\n').every((l) => full.includes(l))).toBe(true);
    }
  });

  it('keeps at most 2000 characters by default', () => {
    const blocks = Array.from({ length: 40 }, (_, i) => `FAIL: test_${i} (test_calc.CalcTest.test_${i})\n${'AssertionError: '.padEnd(100, 'x')}`);
    const { failing, summary } = summarizeTestOutput(`${blocks.join('\n')}\nRan 40 tests in 0.1s\nFAILED (failures=40)\n`, 'calc.py');
    expect(failing).toHaveLength(40);
    expect(summary.length).toBeLessThanOrEqual(2000);
    expect(summary.length).toBeGreaterThan(2000 - 120);
    expect(summary.startsWith('FAIL: test_0 (test_calc.CalcTest.test_0)\nAssertionError: x')).toBe(true);
    expect(summary.endsWith('\nRan 40 tests in 0.1s\nFAILED (failures=40)')).toBe(true);
  });

  it('strips colour codes', () => {
    expect(fixture('vitest-failure')).toContain('\x1b[');
    expect(summarize('vitest-failure', 'src/calc.js').summary).not.toContain('\x1b');
    const coloured = '\x1b[31m--- FAIL: TestAdd (0.00s)\x1b[0m\n    calc_test.go:7: \x1b[1mAdd(2, 3) = -1\x1b[22m, want 5\n\x1b[31mFAIL\x1b[0m\texample.com/calc\t0.002s\n';
    expect(summarizeTestOutput(coloured, 'calc.go')).toEqual({
      failing: ['TestAdd'],
      summary: lines('--- FAIL: TestAdd (0.00s)', '    calc_test.go:7: Add(2, 3) = -1, want 5', 'FAIL\texample.com/calc\t0.002s'),
    });
  });

  it('keeps the last lines of output it does not know, whole, within maxChars', () => {
    const output = `${Array.from({ length: 50 }, (_, i) => `step ${i + 1}`).join('\n')}\nmake: *** [Makefile:2: test] Error 1\n\n`;
    expect(summarizeTestOutput(output, 'calc.c', 60)).toEqual({
      failing: [],
      summary: lines('step 48', 'step 49', 'step 50', 'make: *** [Makefile:2: test] Error 1'),
    });
    const long = Array.from({ length: 500 }, (_, i) => `line ${i + 1}`).join('\r\n');
    const { summary } = summarizeTestOutput(long, 'calc.c');
    expect(summary.length).toBeLessThanOrEqual(2000);
    expect(summary.length).toBeGreaterThan(2000 - 'line 500'.length - 1);
    expect(long.replace(/\r/g, '').endsWith(`\n${summary}`)).toBe(true);
  });

  it('counts no TAP test marked TODO or SKIP as failing', () => {
    const tap = ['TAP version 13', 'not ok 1 - rounds half up # TODO', 'not ok 2 - adds', '  ---', "  error: 'boom'", '  ...', '1..2', '# fail 2'].join('\n');
    expect(summarizeTestOutput(tap, 'src/calc.js')).toEqual({ failing: ['adds'], summary: lines('not ok 2 - adds', "  error: 'boom'", '# fail 2') });
  });

  it('returns nothing for empty output', () => {
    expect(summarizeTestOutput('', 'calc.py')).toEqual({ failing: [], summary: '' });
    expect(summarizeTestOutput('\n  \r\n\t\n', 'calc.py')).toEqual({ failing: [], summary: '' });
  });

  it('falls back to the last lines when a known format kept nothing', () => {
    expect(summarizeTestOutput('TAP version 13\n1..0\n# todo 0\n', 'calc.js')).toEqual({ failing: [], summary: lines('TAP version 13', '1..0', '# todo 0') });
  });
});
