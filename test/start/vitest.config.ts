import { defineConfig } from 'vitest/config';

// The `npm start` path: finding or starting PostgreSQL and NATS (scripts/infra) and the
// supervisor (scripts/start.mjs). Needs no running servers: every test picks free ports and starts
// its own embedded PostgreSQL / nats-server. Run with `npx vitest run --config test/start/vitest.config.ts`,
// or as the `start` project once the root config lists this file.
export default defineConfig({
  test: {
    name: 'start',
    root: import.meta.dirname,
    include: ['**/*.test.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
