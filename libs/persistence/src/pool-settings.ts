import pg from 'pg';
import { discardSessionsTheServerEnds } from './ended-session.guard.js';
import { observePool } from './pool.metrics.js';

/**
 * How a service's connections to PostgreSQL behave when the database is slow or away. Every pool
 * (the ORM's, the command pool's, the outbox relay's) uses these, so a lost or exhausted
 * connection costs a request a fast, retryable failure instead of a hang.
 */
export interface DatabasePoolSettings {
  /** Most connections the pool holds open. */
  max?: number;
  /** How long a caller waits for a free connection (or for a new one to connect) before failing. 0 = forever. */
  acquireTimeoutMs?: number;
  /** PostgreSQL cancels a statement running longer than this (statement_timeout). 0 = no limit. */
  statementTimeoutMs?: number;
  /** PostgreSQL ends a session idle inside an open transaction this long (idle_in_transaction_session_timeout). 0 = no limit. */
  idleInTransactionTimeoutMs?: number;
  /** application_name in pg_stat_activity, so operators (and tests) can tell the pools apart. */
  applicationName?: string;
}

export const DEFAULT_POOL_SETTINGS = {
  max: 10,
  acquireTimeoutMs: 5_000,
  statementTimeoutMs: 30_000,
  idleInTransactionTimeoutMs: 60_000,
  applicationName: 'cs-service',
} as const satisfies Required<DatabasePoolSettings>;

/** The platform config's DB_* variables (structural, so this lib needs no @cs/config). */
export interface DatabaseSettingsConfig {
  dbPoolMax: number;
  dbAcquireTimeoutMs: number;
  dbStatementTimeoutMs: number;
  dbIdleInTransactionTimeoutMs: number;
}

export function poolSettingsFrom(config: DatabaseSettingsConfig, applicationName?: string): DatabasePoolSettings {
  return {
    max: config.dbPoolMax,
    acquireTimeoutMs: config.dbAcquireTimeoutMs,
    statementTimeoutMs: config.dbStatementTimeoutMs,
    idleInTransactionTimeoutMs: config.dbIdleInTransactionTimeoutMs,
    applicationName,
  };
}

/** pg.Pool / pg.Client options for these settings (the ORM passes them to its own pg.Pool). */
export function pgPoolConfig(url: string, settings: DatabasePoolSettings = {}): pg.PoolConfig {
  const s = { ...DEFAULT_POOL_SETTINGS, ...definedOnly(settings) };
  return {
    connectionString: url,
    max: s.max,
    // pg-pool applies it both to waiting for a free slot and to connecting a new client.
    connectionTimeoutMillis: s.acquireTimeoutMs,
    statement_timeout: s.statementTimeoutMs,
    idle_in_transaction_session_timeout: s.idleInTransactionTimeoutMs,
    application_name: s.applicationName,
    // A peer that vanished without a FIN (host down, network cut) is noticed instead of waited on.
    keepAlive: true,
  };
}

export interface ResilientPoolOptions extends DatabasePoolSettings {
  /** Told about connections that failed; the pool has already discarded them. */
  onConnectionError?: (error: Error) => void;
  /** PostgreSQL settings of every session (libpq `options`), e.g. COMMAND_SESSION_OPTIONS. */
  sessionOptions?: string;
  /** Send a session's queries as they are issued, without waiting for the answers before (pg's pipeline mode). */
  pipeline?: boolean;
}

/**
 * A pg.Pool that survives its connections being terminated (pg_terminate_backend, a PostgreSQL
 * restart). pg-pool removes its own error listener from a client while it is checked out, so a
 * server-side termination of a checked-out client that is between queries (say, in a transaction
 * waiting on something else) would emit an unhandled 'error' and kill the process. Every client
 * gets a listener for its whole life here; the query in flight still rejects on its own, and the
 * holder releases the client with that error, which makes the pool discard it. New connections are
 * opened on demand, so the pool heals once PostgreSQL answers again.
 */
export function createResilientPool(url: string, options: ResilientPoolOptions = {}): pg.Pool {
  const { onConnectionError = () => {}, sessionOptions, pipeline, ...settings } = options;
  const pool = new pg.Pool({
    ...pgPoolConfig(url, settings),
    ...(sessionOptions ? { options: sessionOptions } : {}),
    ...(pipeline ? { pipeline } : {}),
  });
  pool.on('connect', (client) => client.on('error', onConnectionError));
  pool.on('error', onConnectionError);
  discardSessionsTheServerEnds(pool);
  observePool(pool, settings.applicationName ?? DEFAULT_POOL_SETTINGS.applicationName);
  return pool;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
