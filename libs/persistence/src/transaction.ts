import { ConcurrentEdit } from '@cs/errors';
import { DeadlockException, OptimisticLockError, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { uniqueViolationOutcome, violatedUniqueConstraint } from './unique-violation.js';

/**
 * Runs a unit of work in one transaction on a fresh EntityManager. When a concurrent writer
 * wins (version conflict, a racing insert of the same key, or a deadlock PostgreSQL broke by
 * aborting this transaction) the whole work is retried on
 * fresh state, so the state at commit time decides; after `attempts` it reports ConcurrentEdit.
 * A business unique constraint violated again on the retry is a genuine duplicate: AlreadyExists.
 */
export async function transactionWithRetry<T>(
  orm: MikroORM,
  work: (em: EntityManager) => Promise<T>,
  { attempts = 4 }: { attempts?: number } = {},
): Promise<T> {
  const violated: string[] = [];
  for (let attempt = 1; ; attempt++) {
    try {
      return await orm.em.fork().transactional((em) => work(em));
    } catch (error) {
      const constraint = violatedUniqueConstraint(error);
      if (constraint !== undefined) {
        const outcome = uniqueViolationOutcome(constraint, violated);
        if (!outcome.retry) throw outcome.error;
        violated.push(constraint);
      }
      const conflict =
        error instanceof OptimisticLockError ||
        error instanceof UniqueConstraintViolationException ||
        error instanceof DeadlockException;
      if (!conflict) throw error;
      if (attempt >= attempts)
        throw new ConcurrentEdit(`gave up after ${attempts} concurrent edits: ${(error as Error).message}`);
    }
  }
}
