import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** The unit tests alone (no server process, no editors, no corpus): what mutation testing runs. */
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('..', import.meta.url)),
    include: ['test/unit/**/*.test.ts'],
    testTimeout: 30_000,
  },
});
