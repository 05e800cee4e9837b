import { withIdempotencyKey } from '@cs/grpc';
import type { Metadata } from '@grpc/grpc-js';

/**
 * Every inquiry command takes its idempotency key from the request, or else from the
 * `idempotency-key` metadata (the HTTP header the gateway passes on): the shared withIdempotencyKey,
 * also for the commands whose key field is optional (added after their clients).
 */
export function keyed<R extends { idempotencyKey?: string | undefined }>(
  request: R,
  metadata?: Metadata,
): R & { idempotencyKey: string } {
  return withIdempotencyKey({ ...request, idempotencyKey: request.idempotencyKey ?? '' }, metadata);
}
