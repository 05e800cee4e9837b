import { randomBytes } from 'node:crypto';
import { openDatabase, pendingMigrationCount, withDatabase } from '@cs/persistence';
import { Migration } from '@mikro-orm/migrations';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import {
  createMigratedTestDatabase,
  createTestDatabase,
  ensureTemplateDatabase,
  type TemplateSpec,
  templateName,
} from '../../src/index.js';

const serverUrl = inject('postgresUrl');
const templates = new Set<string>();
const clones: { drop(): Promise<void> }[] = [];

async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** A one-table service of this file's own, so its template is built by this file only. */
function specWith(columns: string): TemplateSpec {
  class CreateWidgets extends Migration {
    override up(): void {
      this.addSql(`create table widgets (${columns})`);
    }
  }
  return { name: `tplt_${label}`, entities: [], migrations: [{ name: '0001-widgets', class: CreateWidgets }] };
}
const label = randomBytes(3).toString('hex');

async function template(spec: TemplateSpec): Promise<string> {
  const name = await ensureTemplateDatabase(serverUrl, spec);
  templates.add(name);
  return name;
}

afterAll(async () => {
  await Promise.all(clones.map((c) => c.drop()));
  for (const name of templates) {
    await query(serverUrl, `alter database "${name}" is_template false`).catch(() => {});
    await query(serverUrl, `drop database if exists "${name}" with (force)`);
  }
});

describe('test databases are clones of a migrated template, built once per migration set', () => {
  it('a clone has every migration applied (the shared messaging tables too), so the service finds none pending', async () => {
    const spec = specWith('id text primary key');
    templates.add(templateName(spec));
    const db = await createMigratedTestDatabase(serverUrl, spec);
    clones.push(db);
    const tables = await query<{ table_name: string }>(
      db.url,
      `select table_name from information_schema.tables where table_schema = 'public' and table_name in ('widgets', 'cs_outbox')`,
    );
    expect(tables.map((t) => t.table_name).sort()).toEqual(['cs_outbox', 'widgets']);
    const orm = await openDatabase({ url: db.url, entities: [], migrations: spec.migrations });
    try {
      expect(await pendingMigrationCount(orm)).toBe(0);
    } finally {
      await orm.close(true);
    }
  });

  it('parallel callers (test files in other forks) get one template, built once', async () => {
    const spec = specWith('id text primary key, parallel int');
    const names = await Promise.all([1, 2, 3, 4].map(() => template(spec)));
    expect(new Set(names).size).toBe(1);
    const [row] = await query<{ applied: string }>(
      withDatabase(serverUrl, names[0]!),
      `select count(*)::int as applied from cs_migrations where name = '0001-widgets'`,
    );
    expect(row?.applied).toBe(1);
    // Clones of one template may be made at once.
    const copies = await Promise.all([1, 2, 3].map((i) => createTestDatabase(serverUrl, `copy${i}`, names[0])));
    clones.push(...copies);
    expect(copies.map((c) => c.url)).toHaveLength(3);
  });

  it('a changed migration names a new template, whose clones have the change', async () => {
    const before = specWith('id text primary key');
    const after = specWith('id text primary key, colour text');
    expect(templateName(after)).not.toBe(templateName(before));
    expect(templateName(specWith('id text primary key'))).toBe(templateName(before));
    await template(before);
    const db = await createTestDatabase(serverUrl, 'changed', await template(after));
    clones.push(db);
    const columns = await query<{ column_name: string }>(
      db.url,
      `select column_name from information_schema.columns where table_name = 'widgets' order by column_name`,
    );
    expect(columns.map((c) => c.column_name)).toEqual(['colour', 'id']);
    // The template of the old migration set is dropped, so templates do not pile up.
    const left = await query(serverUrl, 'select 1 from pg_database where datname = $1', [templateName(before)]);
    expect(left).toEqual([]);
  });

  it('a half-built template (a run killed mid-build: not yet marked as template) is built again', async () => {
    const spec = specWith('id text primary key, rebuilt int');
    const name = templateName(spec);
    templates.add(name);
    await query(serverUrl, `create database "${name}"`);
    expect(await template(spec)).toBe(name);
    const [marked] = await query<{ datistemplate: boolean }>(
      serverUrl,
      'select datistemplate from pg_database where datname = $1',
      [name],
    );
    expect(marked?.datistemplate).toBe(true);
    const db = await createTestDatabase(serverUrl, 'rebuilt', name);
    clones.push(db);
    expect(await query(db.url, 'select rebuilt from widgets')).toEqual([]);
  });
});
