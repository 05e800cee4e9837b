import { RuleViolation } from '@cs/errors';
import { transactionWithRetry } from '@cs/persistence';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { IdempotencyStore, type StoredOutcome } from '../infrastructure/idempotency.store.js';

/**
 * Runs a command once per idempotency key, in one transaction with retry on conflicts: a retry
 * gets the first outcome back. A refusal that must still leave a trace (a hand-over to after-sales)
 * is returned as `error` so its writes commit, and is thrown after the commit.
 */
export async function runIdempotent<T>(
  orm: MikroORM,
  operation: string,
  request: { idempotencyKey: string },
  work: (em: EntityManager) => Promise<StoredOutcome<T>>,
): Promise<T> {
  const fingerprint = IdempotencyStore.fingerprint({ ...request, idempotencyKey: undefined });
  const outcome = await transactionWithRetry(orm, async (em) => {
    const stored = await IdempotencyStore.find<T>(em, operation, request.idempotencyKey, fingerprint);
    if (stored) return stored;
    const result = await work(em);
    await IdempotencyStore.save(em, operation, request.idempotencyKey, fingerprint, result);
    return result;
  });
  if (outcome.error) throw new RuleViolation(outcome.error.rule, outcome.error.message);
  return outcome.response as T;
}
