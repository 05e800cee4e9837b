import { Metadata } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { withIdempotencyKey } from '../src/idempotency-key.js';

function metadataWith(key: string): Metadata {
  const metadata = new Metadata();
  metadata.set('idempotency-key', key);
  return metadata;
}

describe('the idempotency key of a command', () => {
  it('is the body field when the body has one', () => {
    expect(withIdempotencyKey({ idempotencyKey: 'body', x: 1 }, metadataWith('header'))).toEqual({
      idempotencyKey: 'body',
      x: 1,
    });
  });

  it('comes from the idempotency-key metadata (HTTP header) when the body has none', () => {
    expect(withIdempotencyKey({ idempotencyKey: '' }, metadataWith('header')).idempotencyKey).toBe('header');
  });

  it('stays empty when neither carries one, so the validator names the field', () => {
    expect(withIdempotencyKey({ idempotencyKey: '' }).idempotencyKey).toBe('');
    expect(withIdempotencyKey({ idempotencyKey: '' }, new Metadata()).idempotencyKey).toBe('');
  });

  it('is filled for commands whose key field is optional (absent in the body)', () => {
    const request: { idempotencyKey?: string; x: number } = { x: 1 };
    expect(withIdempotencyKey(request, metadataWith('header'))).toEqual({ x: 1, idempotencyKey: 'header' });
    expect(withIdempotencyKey(request).idempotencyKey).toBe('');
  });
});
