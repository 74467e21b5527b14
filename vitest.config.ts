import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Builds dist/ once when src is newer: only the end-to-end tests run it (test/global-setup.ts).
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Most files run the server in the worker; the end-to-end ones start processes. Two workers fit a 2-core machine.
    maxWorkers: 2,
  },
});
