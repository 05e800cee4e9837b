import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, probeTcp } from '../../scripts/infra/net.mjs';
import { ensurePostgres, postgresUrl, resolvePostgresTarget } from '../../scripts/infra/postgres.mjs';
import { scratchDir } from './helpers.js';

describe('where start.mjs looks for PostgreSQL', () => {
  it('defaults to 127.0.0.1:5432 as user postgres, like the services', () => {
    expect(resolvePostgresTarget({})).toEqual({
      host: '127.0.0.1',
      port: 5432,
      user: 'postgres',
      password: undefined,
      source: 'default',
    });
  });

  it('takes PGHOST, PGPORT, PGUSER and PGPASSWORD', () => {
    const target = resolvePostgresTarget({ PGHOST: 'localhost', PGPORT: '5433', PGUSER: 'app', PGPASSWORD: 's3cr:t' });
    expect(target).toMatchObject({ host: 'localhost', port: 5433, user: 'app', source: 'PGHOST/PGPORT' });
    expect(postgresUrl(target, 'cs_orders')).toBe('postgres://app:s3cr%3At@localhost:5433/cs_orders');
  });

  it('prefers CS_POSTGRES_URL over PGHOST/PGPORT and keeps only its server part', () => {
    const target = resolvePostgresTarget({ CS_POSTGRES_URL: 'postgresql://dev@127.0.0.1:6543/whatever', PGPORT: '1' });
    expect(target).toMatchObject({ host: '127.0.0.1', port: 6543, user: 'dev', source: 'CS_POSTGRES_URL' });
    expect(postgresUrl(target, 'cs_care')).toBe('postgres://dev@127.0.0.1:6543/cs_care');
  });

  it('rejects a socket directory in PGHOST and a non-postgres CS_POSTGRES_URL, naming the variable', () => {
    expect(() => resolvePostgresTarget({ PGHOST: '/var/run/postgresql' })).toThrow(/PGHOST/);
    expect(() => resolvePostgresTarget({ CS_POSTGRES_URL: 'mysql://x@h/db' })).toThrow(/CS_POSTGRES_URL/);
  });
});

describe('ensurePostgres with nothing listening', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('starts an embedded PostgreSQL that answers queries, is reused while up, and stops cleanly', async () => {
    const scratch = scratchDir('pg');
    cleanups.push(scratch.remove);
    const port = await freePort();
    const env = { PGHOST: '127.0.0.1', PGPORT: String(port) };
    const messages: string[] = [];

    const server = await ensurePostgres({ env, dataDir: join(scratch.dir, 'data'), log: (m) => messages.push(m) });
    cleanups.push(() => server.stop());

    expect(server.embedded).toBe(true);
    expect(messages.join('\n')).toMatch(/EMBEDDED PostgreSQL .* at 127\.0\.0\.1:\d+/);
    expect(server.url).toBe(`postgres://postgres@127.0.0.1:${port}/postgres`);

    // The services' own URL shape works: password-less, and they may create their database.
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ sum: number }>('SELECT 20 + 22 AS sum');
      expect(rows[0]?.sum).toBe(42);
      await client.query('CREATE DATABASE cs_orders');
    } finally {
      await client.end();
    }
    const service = new pg.Client({ connectionString: postgresUrl(server.target, 'cs_orders') });
    await service.connect();
    await service.end();

    const again = await ensurePostgres({ env, dataDir: join(scratch.dir, 'unused'), log: (m) => messages.push(m) });
    expect(again.embedded).toBe(false);
    expect(messages.at(-1)).toMatch(/already answers at 127\.0\.0\.1:\d+ \(PGHOST\/PGPORT\)/);

    await server.stop();
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(await probeTcp('127.0.0.1', port)).toBeNull();
  });

  it('starts from a checkout in a private folder (mktemp -d is 0700): the server user is let through', async () => {
    const scratch = scratchDir('pg-private');
    cleanups.push(scratch.remove);
    const privateDir = join(scratch.dir, 'private');
    mkdirSync(privateDir, { mode: 0o700 });
    const port = await freePort();
    const lines: string[] = [];
    const server = await ensurePostgres({
      env: { PGHOST: '127.0.0.1', PGPORT: String(port) },
      dataDir: join(privateDir, 'data'),
      onServerLine: (line) => lines.push(line),
    });
    cleanups.push(() => server.stop());
    expect(server.embedded).toBe(true);
    expect(await probeTcp('127.0.0.1', port)).not.toBeNull();
    // Run as root the server runs as the postgres user, who needs search permission on the way.
    const asRoot = process.getuid?.() === 0;
    expect(Boolean(statSync(privateDir).mode & 0o001)).toBe(asRoot);
    expect(lines.some((line) => line.includes(`pass through ${privateDir}`))).toBe(asRoot);
  });

  it('keeps the data: a second start on the same folder finds the database created before', async () => {
    const scratch = scratchDir('pg-again');
    cleanups.push(scratch.remove);
    const dataDir = join(scratch.dir, 'data');
    const first = await ensurePostgres({ env: { PGPORT: String(await freePort()) }, dataDir });
    const client = new pg.Client({ connectionString: first.url });
    await client.connect();
    await client.query('CREATE DATABASE cs_kept');
    await client.end();
    await first.stop();

    const second = await ensurePostgres({ env: { PGPORT: String(await freePort()) }, dataDir });
    cleanups.push(() => second.stop());
    expect(second.embedded).toBe(true);
    const check = new pg.Client({ connectionString: postgresUrl(second.target, 'cs_kept') });
    await check.connect();
    await check.end();
  });
});
