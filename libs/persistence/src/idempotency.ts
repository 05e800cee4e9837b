import { createHash } from 'node:crypto';
import { InvalidArgument, RuleViolation } from '@cs/errors';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { isSealed, openOutcome, sealOutcome, storedFingerprintOf, storedKeyOf } from './sealed-outcome.js';
import { transactionWithRetry } from './transaction.js';

/**
 * A stored outcome is 2.5–4 KB of jsonb, most of it sealed (ciphertext in base64), which does not
 * compress. Past 2 KB PostgreSQL tries to compress a row, fails, and moves the value to the table's
 * TOAST relation: a second heap insert and an index insert in every command's transaction, for a
 * row that is written once and read only on a retry. Kept in the row up to 8 KB, inserting such
 * outcomes ran 15–27 % faster (pgbench, c = 8, three alternating rounds).
 */
export const IDEMPOTENCY_ROW_STORAGE = 'toast_tuple_target = 8160';

/**
 * The table a service's migration creates to remember command outcomes by idempotency key. Rows
 * older than IDEMPOTENCY_RETENTION_HOURS are purged by MessagingRetention (@cs/bus, README, Events).
 * Its rows stay whole up to 8 KB (IDEMPOTENCY_ROW_STORAGE).
 */
export const idempotencyKeysTableSql = `create table idempotency_keys (
  operation text not null,
  key text not null,
  fingerprint text not null,
  outcome jsonb not null,
  created_at timestamptz not null default now(),
  primary key (operation, key)
) with (${IDEMPOTENCY_ROW_STORAGE})`;

/** The refusal a retry gets once an erasure retired the outcome it would have replayed. */
export const CUSTOMER_ERASED = {
  rule: 'privacy.customer-erased',
  message: "the customer's personal data was erased: this request cannot be replayed",
} as const;

/** What a command ended with: its response, or a refusal whose writes still had to commit. */
export interface StoredOutcome<T> {
  response?: T;
  error?: { rule: string; message: string };
}

/** A row of idempotency_keys as a look-up by key (stored hash, or a legacy plain key) returns it. */
export interface StoredOutcomeRow {
  key: string;
  fingerprint: string;
  outcome: unknown;
}

/** The stored outcome among the rows found for this key; a different request under the same key is refused. */
export function storedOutcomeOf<T>(
  rows: readonly StoredOutcomeRow[],
  operation: string,
  key: string,
  fingerprint: string,
): StoredOutcome<T> | undefined {
  const storedKey = storedKeyOf(key);
  const row = rows.find((r) => r.key === storedKey) ?? rows[0];
  if (!row) return undefined;
  // Retired by an erasure: whatever the request, the key answers with the refusal.
  const retired = (row.outcome as { retired?: StoredOutcome<T>['error'] }).retired;
  if (retired) return { error: retired };
  const sealed = isSealed(row.outcome);
  if (row.fingerprint !== (sealed ? storedFingerprintOf(fingerprint) : fingerprint)) {
    throw InvalidArgument.field('idempotency_key', 'was already used for a different request');
  }
  return sealed
    ? openOutcome<StoredOutcome<T>>(operation, key, fingerprint, row.outcome as never)
    : (row.outcome as StoredOutcome<T>);
}

/**
 * Remembers the outcome of a command by its idempotency key, in the command's own transaction:
 * a retry gets the first outcome back and changes nothing more. The outcome is stored sealed
 * under the key and the request (see sealed-outcome.ts): no personal data in clear at rest.
 */
export class IdempotencyStore {
  static fingerprint(request: unknown): string {
    return createHash('sha256').update(JSON.stringify(request)).digest('hex');
  }

  /** The outcome stored under this key, after locking the key against a concurrent first attempt. */
  static async find<T>(
    em: EntityManager,
    operation: string,
    key: string,
    fingerprint: string,
  ): Promise<StoredOutcome<T> | undefined> {
    await em.execute('select pg_advisory_xact_lock(hashtext(?))', [`${operation}:${key}`]);
    return IdempotencyStore.read<T>(em, operation, key, fingerprint);
  }

  /** The outcome stored under this key, without a lock; a different request under the same key is refused. */
  static async read<T>(
    em: EntityManager,
    operation: string,
    key: string,
    fingerprint: string,
  ): Promise<StoredOutcome<T> | undefined> {
    const storedKey = storedKeyOf(key);
    // A row written before outcomes were sealed holds the key, the fingerprint and the outcome as they are.
    const rows = await em.execute<StoredOutcomeRow[]>(
      'select key, fingerprint, outcome from idempotency_keys where operation = ? and key in (?, ?)',
      [operation, storedKey, key],
    );
    return storedOutcomeOf<T>(rows, operation, key, fingerprint);
  }

  /**
   * PIPL erasure: the outcomes whose responses name this customer (a `customerId` at any depth of
   * the stored or masked copy) are replaced by a refusal. A retry under such a key neither replays
   * the customer's data nor runs the command again to write it back. Returns how many were retired.
   */
  static async retireOutcomesNaming(em: EntityManager, customerId: string): Promise<number> {
    const rows = await em.execute<{ key: string }[]>(
      `update idempotency_keys set outcome = jsonb_build_object('retired', ?::jsonb)
       where jsonb_path_exists(coalesce(outcome->'masked', outcome), ?::jsonpath, jsonb_build_object('id', ?::text))
       returning key`,
      // The path is a binding: its "?" would otherwise be taken for a placeholder.
      [JSON.stringify(CUSTOMER_ERASED), '$.** ? (@.customerId == $id)', customerId],
    );
    return rows.length;
  }

  static async save<T>(
    em: EntityManager,
    operation: string,
    key: string,
    fingerprint: string,
    outcome: StoredOutcome<T>,
  ): Promise<void> {
    await em.execute('insert into idempotency_keys (operation, key, fingerprint, outcome) values (?, ?, ?, ?)', [
      operation,
      storedKeyOf(key),
      storedFingerprintOf(fingerprint),
      JSON.stringify(sealOutcome(operation, key, fingerprint, outcome)),
    ]);
  }
}

/**
 * The first outcome of a command already run under this key, read without a lock; undefined if it
 * has not run. For commands that call another service before they write: a retry answers from here
 * instead of calling again with inputs that may have moved on since.
 */
export async function earlierOutcome<T>(
  orm: MikroORM,
  operation: string,
  request: { idempotencyKey: string },
): Promise<T | undefined> {
  const stored = await IdempotencyStore.read<T>(
    orm.em.fork(),
    operation,
    request.idempotencyKey,
    fingerprintOf(request),
  );
  return stored && answer(stored);
}

/** What an idempotency key is bound to: the request without its key. */
export const fingerprintOf = (request: { idempotencyKey: string }): string =>
  IdempotencyStore.fingerprint({ ...request, idempotencyKey: undefined });

/** A stored outcome as the caller gets it: the response, or the refusal thrown again. */
export function answer<T>(outcome: StoredOutcome<T>): T {
  if (outcome.error) throw new RuleViolation(outcome.error.rule, outcome.error.message);
  return outcome.response as T;
}

/**
 * Runs a command once per idempotency key, in one transaction with retry on conflicts: a retry
 * gets the first outcome back. A refusal that must still leave a trace (e.g. a hand-over event)
 * is returned as `error` so its writes commit, and is thrown after the commit.
 */
export async function runIdempotent<T>(
  orm: MikroORM,
  operation: string,
  request: { idempotencyKey: string },
  work: (em: EntityManager) => Promise<StoredOutcome<T>>,
): Promise<T> {
  const fingerprint = fingerprintOf(request);
  const outcome = await transactionWithRetry(orm, async (em) => {
    const stored = await IdempotencyStore.find<T>(em, operation, request.idempotencyKey, fingerprint);
    if (stored) return stored;
    const result = await work(em);
    await IdempotencyStore.save(em, operation, request.idempotencyKey, fingerprint, result);
    return result;
  });
  return answer(outcome);
}
