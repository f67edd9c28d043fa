import { defineConfig } from 'vitest/config';
import * as path from 'node:path';

export default defineConfig({
  test: {
    root: path.resolve(__dirname, '..'),
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Protocol and editor tests spawn processes; two cores is the CI machine.
    maxWorkers: 2,
  },
});
