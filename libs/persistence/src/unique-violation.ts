import { AlreadyExists } from '@cs/errors';
import { UniqueConstraintViolationException } from '@mikro-orm/core';

/**
 * Keys whose violation always means a concurrent attempt of the same command or delivery won: the
 * retry re-reads and answers from the winner (the idempotency store, the consumer inbox).
 */
const RACE_CONSTRAINTS = new Set(['idempotency_keys_pkey', 'cs_inbox_pkey']);

/** The unique constraint an error violated, or undefined when it is no unique violation. */
export function violatedUniqueConstraint(error: unknown): string | undefined {
  if (!(error instanceof UniqueConstraintViolationException)) return undefined;
  return (error as { constraint?: string }).constraint ?? '(unnamed)';
}

/**
 * What a unique violation means for transactionWithRetry. The one that blocked us waited for the
 * winner to commit, so a retry on fresh state sees it: a race resolves there (a find-or-create finds
 * the row). The same business constraint violated again against committed state is a genuine
 * duplicate: ALREADY_EXISTS naming the constraint, not a retry that ends as ABORTED.
 */
export function uniqueViolationOutcome(
  constraint: string,
  earlier: readonly string[],
): { retry: true } | { retry: false; error: AlreadyExists } {
  if (RACE_CONSTRAINTS.has(constraint) || !earlier.includes(constraint)) return { retry: true };
  return { retry: false, error: new AlreadyExists(`already exists (unique constraint ${constraint})`) };
}
