import { RuleViolation } from '@cs/errors';
import { runIdempotent, type StoredOutcome } from '@cs/persistence';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';

/**
 * Runs an after-sales command once per idempotency key, and a refusal counts as its outcome: a
 * step a rule refused is stored under the key like a success, so a retry answers with the same
 * refusal even if the case has since moved to where the step would be allowed. The refused
 * attempt's writes roll back first; the refusal is then stored in a transaction of its own, which
 * answers with whatever a concurrent attempt stored first.
 */
export async function runCommandOnce<T>(
  orm: MikroORM,
  operation: string,
  request: { idempotencyKey: string },
  work: (em: EntityManager) => Promise<StoredOutcome<T>>,
): Promise<T> {
  try {
    return await runIdempotent(orm, operation, request, work);
  } catch (error) {
    if (!(error instanceof RuleViolation)) throw error;
    const refusal = { rule: error.rule, message: error.message };
    return runIdempotent<T>(orm, operation, request, async () => ({ error: refusal }));
  }
}
