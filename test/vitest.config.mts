import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('..', import.meta.url)),
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/editors/missingEditors.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Protocol and editor tests spawn processes; two cores is the CI machine.
    maxWorkers: 2,
  },
});
