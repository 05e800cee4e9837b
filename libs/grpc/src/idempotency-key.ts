import type { Metadata } from '@grpc/grpc-js';

/**
 * Every command takes an idempotency key: from the request body, or else from the `idempotency-key`
 * metadata (the HTTP header of that name, which the gateway passes on). The body field may be optional
 * (commands that gained a key after their clients): the result always carries a string, '' when neither
 * gives one, so the validator names the field.
 */
export function withIdempotencyKey<R extends { idempotencyKey?: string | undefined }>(
  request: R,
  metadata?: Metadata,
): R & { idempotencyKey: string } {
  const keyFromMetadata = metadata?.get('idempotency-key')[0];
  const idempotencyKey = request.idempotencyKey || (typeof keyFromMetadata === 'string' ? keyFromMetadata : '');
  return { ...request, idempotencyKey };
}
