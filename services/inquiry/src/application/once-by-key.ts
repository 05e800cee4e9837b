import type { Actor } from '@cs/auth';
import { InvalidArgument } from '@cs/errors';
import { earlierOutcome, runIdempotent, transactionWithRetry } from '@cs/persistence';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';

const MAX_KEY = 128;

/** A command as the idempotency store fingerprints it: the same key from another caller is another request. */
export interface Asked {
  idempotencyKey: string;
  actedBy: string;
}

export function askedBy<R extends { idempotencyKey?: string | undefined }>(
  request: R,
  actor: Actor | undefined,
): R & Asked {
  const idempotencyKey = request.idempotencyKey ?? '';
  if (idempotencyKey.length > MAX_KEY)
    throw InvalidArgument.field('idempotency_key', `must be at most ${MAX_KEY} characters`);
  return { ...request, idempotencyKey, actedBy: actor?.agentId ?? '' };
}

/**
 * Runs a command's transaction once per idempotency key (see runIdempotent): a retry gets the first
 * answer back and writes nothing. The key is optional on the commands that gained it late; without
 * one the command simply runs (as before). A refusal thrown inside `work` is not stored: nothing was
 * written, so a retry is refused again by the same rule.
 */
export function onceByKey<T>(
  orm: MikroORM,
  operation: string,
  asked: Asked,
  work: (em: EntityManager) => Promise<T>,
): Promise<T> {
  if (!asked.idempotencyKey) return transactionWithRetry(orm, work);
  return runIdempotent(orm, operation, asked, async (em) => ({ response: await work(em) }));
}

/** The first answer under this key, if the command already ran; for commands that call out before they write. */
export function earlierAnswer<T>(orm: MikroORM, operation: string, asked: Asked): Promise<T | undefined> {
  return asked.idempotencyKey ? earlierOutcome<T>(orm, operation, asked) : Promise.resolve(undefined);
}
