// Mutation testing of the core (issue 13): `npm run mutation`. Not part of `npm test`; the
// report is reports/mutation/mutation.json (and .html). Stryker is fetched by npx when run,
// so that it does not weigh on every install.
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'test/vitest.unit.config.mts' },
  mutate: ['server/postprocess/**/*.ts', 'server/syntax/**/*.ts', 'server/context/**/*.ts'],
  coverageAnalysis: 'perTest',
  reporters: ['json', 'html', 'clear-text', 'progress'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  tempDirName: '.tmp/stryker',
  // The sandbox needs server/, test/ and grammars/; not build output, editor installs or clients.
  ignorePatterns: ['.tmp', 'reports', 'dist', 'clients', '.ci', 'bench', 'test/editors/vendor'],
  // Vitest compiles the TypeScript itself: no tsconfig for Stryker to rewrite (and no TypeScript to load from npx's folder).
  tsconfigFile: 'test/stryker-has-no-tsconfig.json',
  concurrency: 2,
  // A second run re-tests only the mutants whose code or covering tests changed.
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  timeoutMS: 10_000,
};
