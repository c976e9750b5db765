import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Real servers on a shared 2-core machine: one retry, and scripts/vitest-retried.mjs names every test that used it.
    retry: 1,
    setupFiles: ['./tests/failed-attempts.ts']
  }
})
