import { defineConfig } from 'vitest/config';

// Scratch copy of the root config with Node-safe conditions ('import' must not reach require()).
const conditions = ['@cs/source', 'node'];
export default defineConfig({
  root: '/work/main',
  resolve: { conditions: ['@cs/source', 'node', 'import', 'default'] },
  ssr: { resolve: { conditions, externalConditions: ['node'] } },
  test: {
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['libs/*/test/**/*.test.ts'], exclude: ['**/integration/**', '**/node_modules/**'] } },
      { extends: true, test: { name: 'integration', include: ['libs/*/test/integration/**/*.test.ts', 'services/*/test/integration/**/*.test.ts'], globalSetup: ['libs/testing/src/global-setup.ts'] } },
    ],
  },
});
