import { createHash } from 'node:crypto';
import { InvalidArgument } from '@cs/errors';
import type { EntityManager } from '@mikro-orm/postgresql';

export interface StoredOutcome<T> {
  response?: T;
  error?: { rule: string; message: string };
}

// Copied from services/orders (same table, same semantics): proposed to move to @cs/persistence.
/**
 * Remembers the outcome of a command by its idempotency key, in the command's own transaction:
 * a retry gets the first outcome back and changes nothing more.
 */
export class IdempotencyStore {
  static fingerprint(request: unknown): string {
    return createHash('sha256').update(JSON.stringify(request)).digest('hex');
  }

  /** The outcome stored under this key, after locking it against a concurrent first attempt. */
  static async find<T>(
    em: EntityManager,
    operation: string,
    key: string,
    fingerprint: string,
  ): Promise<StoredOutcome<T> | undefined> {
    await em.execute('select pg_advisory_xact_lock(hashtext(?))', [`${operation}:${key}`]);
    const rows = await em.execute<{ fingerprint: string; outcome: StoredOutcome<T> }[]>(
      'select fingerprint, outcome from idempotency_keys where operation = ? and key = ?',
      [operation, key],
    );
    const row = rows[0];
    if (!row) return undefined;
    if (row.fingerprint !== fingerprint) {
      throw InvalidArgument.field('idempotency_key', 'was already used for a different request');
    }
    return row.outcome;
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
      key,
      fingerprint,
      JSON.stringify(outcome),
    ]);
  }
}
