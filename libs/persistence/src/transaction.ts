import { ConcurrentEdit } from '@cs/errors';
import { OptimisticLockError, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';

/**
 * Runs a unit of work in one transaction on a fresh EntityManager. When a concurrent writer
 * wins (version conflict, or a racing insert of the same key) the whole work is retried on
 * fresh state, so the state at commit time decides; after `attempts` it reports ConcurrentEdit.
 */
export async function transactionWithRetry<T>(
  orm: MikroORM,
  work: (em: EntityManager) => Promise<T>,
  { attempts = 4 }: { attempts?: number } = {},
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await orm.em.fork().transactional((em) => work(em));
    } catch (error) {
      const conflict = error instanceof OptimisticLockError || error instanceof UniqueConstraintViolationException;
      if (!conflict) throw error;
      if (attempt >= attempts)
        throw new ConcurrentEdit(`gave up after ${attempts} concurrent edits: ${(error as Error).message}`);
    }
  }
}
