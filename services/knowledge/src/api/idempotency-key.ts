import type { Metadata } from '@grpc/grpc-js';

/** The idempotency key may also come as `idempotency-key` metadata (the HTTP header of that name). */
export function withIdempotencyKey<R extends { idempotencyKey: string }>(request: R, metadata?: Metadata): R {
  const keyFromMetadata = metadata?.get('idempotency-key')[0];
  const idempotencyKey = request.idempotencyKey || (typeof keyFromMetadata === 'string' ? keyFromMetadata : '');
  return { ...request, idempotencyKey };
}
