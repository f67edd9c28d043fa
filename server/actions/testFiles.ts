/** Folders whose files are tests, by the usual conventions. */
const TEST_FOLDERS = new Set(['test', 'tests', '__tests__', 'spec']);
/** Test files by name: pytest's (and its conftest.py), Go's, Jest's and Mocha's. */
const TEST_FILE = /^(?:test_.*\.py|.*_test\.py|.*_test\.go|conftest\.py|.*\.test\..*|.*\.spec\..*)$/;
/** Installed packages: their tests are never the project's. */
const INSTALLED = /(^|\/)(node_modules|site-packages|dist-packages)\//;

/**
 * Whether a path (with `/`, relative or absolute) is a test file, by its name or a folder
 * on its way, as the runners themselves look for them; never a file of an installed package.
 * One rule for the test runs' output (actions/testOutput.ts) and the files an evaluation
 * takes functions from (eval/projectFiles.ts).
 */
export function isTestFile(p: string): boolean {
  if (INSTALLED.test(p) || p.startsWith('node:')) return false;
  const parts = p.split('/');
  return TEST_FILE.test(parts[parts.length - 1]) || parts.slice(0, -1).some((d) => TEST_FOLDERS.has(d));
}
