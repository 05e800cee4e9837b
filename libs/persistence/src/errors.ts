import { OptimisticLockError } from '@mikro-orm/core';

/** A concurrent edit won: the caller may reload and retry, or report ABORTED. */
export function isOptimisticLockFailure(error: unknown): boolean {
  return error instanceof OptimisticLockError;
}
