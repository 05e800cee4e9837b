export { AUDIT_GENESIS_HASH, CreateAuditTrail } from './audit.migration.js';
export { dropDatabase, ensureDatabaseExists, parseDatabaseUrl, redactUrl, withDatabase } from './database.js';
export { isOptimisticLockFailure } from './errors.js';
export {
  CUSTOMER_ERASED,
  earlierOutcome,
  IdempotencyStore,
  idempotencyKeysTableSql,
  runIdempotent,
  type StoredOutcome,
} from './idempotency.js';
export { CreateMessagingTables } from './messaging.migration.js';
export {
  migrate,
  ORM_APPLICATION_NAME,
  openDatabase,
  ormOptions,
  pendingMigrationCount,
  type ServiceDatabaseOptions,
} from './orm.js';
export { nextPageToken, type Page, type PageRequestFields, pageOf, readPage } from './paging.js';
export {
  createResilientPool,
  type DatabasePoolSettings,
  type DatabaseSettingsConfig,
  DEFAULT_POOL_SETTINGS,
  pgPoolConfig,
  poolSettingsFrom,
  type ResilientPoolOptions,
} from './pool-settings.js';
export { blobTableSql, PostgresBlobStore, type StoredBlob } from './postgres-blob.store.js';
export { ReleasingDriver, ReleasingPostgreSqlDriver } from './resilient-driver.js';
export { transactionWithRetry } from './transaction.js';
