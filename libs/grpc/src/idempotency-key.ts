import type { Metadata } from '@grpc/grpc-js';

/**
 * Every command takes an idempotency key: from the request body, or else from the `idempotency-key`
 * metadata (the HTTP header of that name, which the gateway passes on).
 */
export function withIdempotencyKey<R extends { idempotencyKey: string }>(request: R, metadata?: Metadata): R {
  const keyFromMetadata = metadata?.get('idempotency-key')[0];
  const idempotencyKey = request.idempotencyKey || (typeof keyFromMetadata === 'string' ? keyFromMetadata : '');
  return { ...request, idempotencyKey };
}
