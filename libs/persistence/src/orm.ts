import type { MigrationObject } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { type EntitySchema, MikroORM, type Options } from '@mikro-orm/postgresql';
import { CreateAuditTrail } from './audit.migration.js';
import { CreateMessagingTables } from './messaging.migration.js';

export interface ServiceDatabaseOptions {
  url: string;
  /** Entity schemas of this service; domain classes stay free of ORM decorators. */
  entities: EntitySchema[];
  /** This service's migrations in order; the messaging tables and the audit trail come first automatically. */
  migrations: MigrationObject[];
  poolMax?: number;
  debug?: boolean;
}

export function ormOptions(options: ServiceDatabaseOptions): Options {
  const list = [
    { name: '0000-messaging-tables', class: CreateMessagingTables },
    { name: '0000-audit-trail', class: CreateAuditTrail },
    ...options.migrations,
  ];
  return {
    clientUrl: options.url,
    entities: options.entities,
    extensions: [Migrator],
    migrations: {
      migrationsList: list,
      tableName: 'cs_migrations',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      silent: true,
    },
    pool: { min: 0, max: options.poolMax ?? 10 },
    debug: options.debug ?? false,
    allowGlobalContext: false,
    ensureDatabase: false,
    discovery: { warnWhenNoEntities: false },
  };
}

export async function openDatabase(options: ServiceDatabaseOptions): Promise<MikroORM> {
  return MikroORM.init(ormOptions(options));
}

/** Applies pending migrations; returns the names applied. */
export async function migrate(orm: MikroORM): Promise<string[]> {
  const applied = await orm.migrator.up();
  return applied.map((m) => m.name);
}

export async function pendingMigrationCount(orm: MikroORM): Promise<number> {
  return (await orm.migrator.getPending()).length;
}
