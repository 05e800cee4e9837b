import { createHash } from 'node:crypto';
import { migrate, openDatabase, ormOptions, withDatabase } from '@cs/persistence';
import type { ServiceSpec } from '@cs/service-kit';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from './test-database.js';

/** What a template is built from; `name` names it: tpl_<name>_<hash>. */
export type TemplateSpec = Pick<ServiceSpec, 'name' | 'entities' | 'migrations'>;
type MigrationObject = ServiceSpec['migrations'][number];

const templatePrefix = (service: string) => `tpl_${service.replace(/\W/g, '_').toLowerCase().slice(0, 30)}_`;

/**
 * The template's name carries a hash of every migration's name and code (the shared messaging and
 * audit ones included), so a changed or added migration gets a freshly migrated template.
 */
export function templateName(spec: TemplateSpec): string {
  const list = (ormOptions({ url: 'postgres://x/x', entities: [], migrations: spec.migrations }).migrations
    ?.migrationsList ?? []) as MigrationObject[];
  const hash = createHash('sha256');
  for (const migration of list) hash.update(`${migration.name}\n${migrationText(migration)}\n`);
  return `${templatePrefix(spec.name)}${hash.digest('hex').slice(0, 12)}`;
}

/** The SQL a migration's up() adds (all of ours only call addSql), else its code as a fallback. */
function migrationText(migration: MigrationObject): string {
  const code = String(migration.class);
  try {
    const Class = migration.class as unknown as new (
      driver: unknown,
      config: unknown,
    ) => { up(): unknown; getQueries(): unknown[] };
    const instance = new Class(undefined, undefined);
    const result = instance.up();
    if (result instanceof Promise) {
      result.catch(() => {});
      return code;
    }
    return `${code}\n${instance.getQueries().map(String).join(';\n')}`;
  } catch {
    return code;
  }
}

/**
 * Drops this service's templates of older migration sets, so they do not pile up. Not forced: one
 * a run of other code is cloning from right now stays (it is dropped by a later build).
 */
async function pruneStaleTemplates(admin: pg.Client, current: string): Promise<void> {
  const prefix = current.slice(0, -12);
  const { rows } = await admin.query<{ datname: string }>(
    'select datname from pg_database where datname ~ $1 and datname <> $2',
    [`^${prefix}[0-9a-f]{12}$`, current],
  );
  for (const { datname } of rows) {
    await admin.query(`alter database ${quoteIdent(datname)} is_template false`).catch(() => {});
    await admin.query(`drop database if exists ${quoteIdent(datname)}`).catch(() => {});
  }
}

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * Returns the name of a migrated template database for this spec, building it once per server and
 * migration set. Vitest runs files in parallel forks, so builders serialise on a PostgreSQL advisory
 * lock; the template counts as built only once marked `is_template`, so a half-built one (a crashed
 * run) is dropped and built again.
 */
export async function ensureTemplateDatabase(serverUrl: string, spec: TemplateSpec): Promise<string> {
  const name = templateName(spec);
  const admin = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 10_000 });
  admin.on('error', () => {});
  await admin.connect();
  try {
    await admin.query('select pg_advisory_lock(hashtext($1))', [name]);
    const found = await admin.query<{ datistemplate: boolean }>(
      'select datistemplate from pg_database where datname = $1',
      [name],
    );
    if (found.rows[0]?.datistemplate) return name;
    await admin.query(`drop database if exists ${quoteIdent(name)} with (force)`);
    await admin.query(`create database ${quoteIdent(name)}`);
    const orm = await openDatabase({
      url: withDatabase(serverUrl, name),
      entities: spec.entities,
      migrations: spec.migrations,
      pool: { max: 1 },
    });
    try {
      await migrate(orm);
    } finally {
      await orm.close(true);
    }
    // Cloning needs the template free of sessions; the ORM's are closed above.
    await admin.query(`alter database ${quoteIdent(name)} is_template true`);
    await pruneStaleTemplates(admin, name);
    return name;
  } finally {
    await admin.query('select pg_advisory_unlock(hashtext($1))', [name]).catch(() => {});
    await admin.end();
  }
}

/**
 * A test file's own database, cloned from the spec's migrated template. Retried when the template
 * vanished or was busy between the check and the clone (a run of other migrations pruned or rebuilt it).
 */
export async function createMigratedTestDatabase(serverUrl: string, spec: TemplateSpec): Promise<TestDatabase> {
  for (let attempt = 1; ; attempt++) {
    const template = await ensureTemplateDatabase(serverUrl, spec);
    try {
      return await createTestDatabase(serverUrl, spec.name, template);
    } catch (error) {
      // 3D000: no such template; 55006: the template is in use (being rebuilt).
      const code = (error as { code?: string }).code;
      if (attempt >= 3 || (code !== '3D000' && code !== '55006')) throw error;
    }
  }
}
