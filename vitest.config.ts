import { defineConfig } from 'vitest/config';

export default defineConfig({
  // This worktree's own cache (test durations, which order files run in), not the shared node_modules.
  cacheDir: '.vitest-cache',
  test: {
    include: ['test/**/*.test.ts'],
    // Builds dist/ once when src is newer: only the end-to-end tests run it (test/global-setup.ts).
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Most files run the server in the worker; the end-to-end ones start processes. Two workers fit a 2-core machine.
    maxWorkers: 2,
    // A worker loads src once for all the files it runs, instead of once per file (most of the suite's
    // time was that). Safe because src keeps no per-process state at module level (sessions, limiters and
    // caches live in the runtime each stack creates), and files in one worker run one after another.
    isolate: false,
  },
});
