import type { MigrationObject } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { type EntitySchema, MikroORM, type Options } from '@mikro-orm/postgresql';
import type pg from 'pg';
import { CreateAuditTrail } from './audit.migration.js';
import { AddConsumerPartitionLeases } from './consumer-partitions.migration.js';
import { deferBegins } from './deferred-begin.js';
import { discardSessionsTheServerEnds } from './ended-session.guard.js';
import { KeepIdempotencyRowsWhole } from './idempotency-row-storage.migration.js';
import { CreateMessagingTables } from './messaging.migration.js';
import { AddOutboxLeases } from './messaging-leases.migration.js';
import { signalOutboxCommits } from './outbox-commits.js';
import { DropOutboxNotify } from './outbox-wakeup.migration.js';
import { observePool } from './pool.metrics.js';
import { type DatabasePoolSettings, DEFAULT_POOL_SETTINGS, pgPoolConfig } from './pool-settings.js';
import { ReleasingPostgreSqlDriver } from './resilient-driver.js';
import { OutlineStoredOutcomes } from './stored-outcome-outline.migration.js';

/** application_name of the ORM's connections in pg_stat_activity. */
export const ORM_APPLICATION_NAME = 'cs-orm';

export interface ServiceDatabaseOptions {
  url: string;
  /** Entity schemas of this service; domain classes stay free of ORM decorators. */
  entities: EntitySchema[];
  /** This service's migrations in order; the messaging tables and the audit trail come first automatically. */
  migrations: MigrationObject[];
  /** Pool size, acquire and statement timeouts, application_name (defaults: DEFAULT_POOL_SETTINGS). */
  pool?: DatabasePoolSettings;
  debug?: boolean;
}

export function ormOptions(options: ServiceDatabaseOptions): Options {
  const list = [
    { name: '0000-messaging-tables', class: CreateMessagingTables },
    { name: '0000-audit-trail', class: CreateAuditTrail },
    { name: '0000-messaging-leases', class: AddOutboxLeases },
    { name: '0000-outbox-without-notify', class: DropOutboxNotify },
    { name: '0000-stored-outcome-outlines', class: OutlineStoredOutcomes },
    { name: '0000-idempotency-rows-whole', class: KeepIdempotencyRowsWhole },
    { name: '0000-consumer-partition-leases', class: AddConsumerPartitionLeases },
    ...options.migrations,
  ];
  const {
    connectionString: _url,
    max,
    ...connection
  } = pgPoolConfig(options.url, {
    applicationName: ORM_APPLICATION_NAME,
    ...options.pool,
    max: options.pool?.max ?? DEFAULT_POOL_SETTINGS.max,
  });
  return {
    // Gives a transaction's connection back to the pool even when its COMMIT/ROLLBACK failed.
    driver: ReleasingPostgreSqlDriver,
    clientUrl: options.url,
    // Merged into the options of the pg.Pool MikroORM creates: timeouts, application_name, keepAlive.
    // onPoolCreated: MikroORM hands over the pg.Pool it creates, for cs_db_pool_connections.
    // pipeline: a transaction's BEGIN goes out with its first statement (deferBegins).
    driverOptions: {
      ...connection,
      pipeline: true,
      onPoolCreated: (pool: pg.Pool) => {
        deferBegins(pool);
        signalOutboxCommits(pool);
        discardSessionsTheServerEnds(pool);
        observePool(pool, connection.application_name ?? ORM_APPLICATION_NAME);
      },
    },
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
    pool: { min: 0, max },
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
