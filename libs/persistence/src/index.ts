export { AUDIT_GENESIS_HASH, CreateAuditTrail } from './audit.migration.js';
export { type BlobStoreSettings, blobStoreFrom } from './blob-store.factory.js';
export type { BlobStore, StoredBlob } from './blob-store.js';
export {
  guardedWrite,
  numbered,
  type OutboxEvent,
  outboxRows,
  type Statement,
  type TableRows,
} from './command-statements.js';
export {
  COMMAND_APPLICATION_NAME,
  COMMAND_SESSION_OPTIONS,
  type CommandDecision,
  CommandTransactions,
  type LeanCommand,
  type LeanStep,
} from './command-transaction.js';
export { dropDatabase, ensureDatabaseExists, parseDatabaseUrl, redactUrl, withDatabase } from './database.js';
export { EntityRows } from './entity-rows.js';
export { isOptimisticLockFailure } from './errors.js';
export { FilesystemBlobStore } from './filesystem-blob.store.js';
export {
  CUSTOMER_ERASED,
  earlierOutcome,
  IdempotencyStore,
  idempotencyKeysTableSql,
  runIdempotent,
  type StoredOutcome,
} from './idempotency.js';
export { CreateMessagingTables } from './messaging.migration.js';
export { inOneWrite } from './one-write.js';
export {
  migrate,
  ORM_APPLICATION_NAME,
  openDatabase,
  ormOptions,
  pendingMigrationCount,
  type ServiceDatabaseOptions,
} from './orm.js';
export { onOutboxCommit } from './outbox-commits.js';
export {
  type KeyKind,
  type KeysetPage,
  type KeyValue,
  keysetFilter,
  keysetPageOf,
  keysetSql,
  keysetToken,
  nextPageToken,
  type Page,
  type PageRequestFields,
  pageOf,
  readKeysetPage,
  readPage,
  type SortDirection,
} from './paging.js';
export {
  createResilientPool,
  type DatabasePoolSettings,
  type DatabaseSettingsConfig,
  DEFAULT_POOL_SETTINGS,
  pgPoolConfig,
  poolSettingsFrom,
  type ResilientPoolOptions,
} from './pool-settings.js';
export { blobTableSql, PostgresBlobStore } from './postgres-blob.store.js';
export { ReleasingDriver, ReleasingPostgreSqlDriver } from './resilient-driver.js';
export { S3BlobStore, type S3BlobStoreOptions } from './s3-blob.store.js';
export { transactionWithRetry } from './transaction.js';
