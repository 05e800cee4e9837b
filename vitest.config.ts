import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript sources (the "@cs/source" export condition),
// so tests need no build step.
const sourceConditions = ['@cs/source', 'module', 'node', 'development|production'];

export default defineConfig({
  resolve: { conditions: sourceConditions },
  ssr: { resolve: { conditions: sourceConditions } },
  test: {
    pool: 'forks',
    // Vitest's default (cores − 1) runs one file at a time on a 2-core machine, while most files
    // spend their time waiting on PostgreSQL, NATS, child processes and timers. VITEST_MAX_WORKERS overrides.
    maxWorkers: 3,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      // The `npm start` path (scripts/infra): starts its own embedded PostgreSQL and nats-server.
      'test/start/vitest.config.ts',
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['libs/*/test/**/*.test.ts', 'services/*/test/unit/**/*.test.ts'],
          exclude: ['**/integration/**', '**/node_modules/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: [
            'libs/*/test/integration/**/*.test.ts',
            'services/*/test/integration/**/*.test.ts',
            'test/e2e/**/*.test.ts',
            'test/fault/**/*.test.ts',
          ],
          globalSetup: ['libs/testing/src/global-setup.ts'],
        },
      },
    ],
  },
});
