import { describe, expect, it } from 'vitest';
import { openOutcome, sealOutcome, storedFingerprintOf, storedKeyOf } from '../src/sealed-outcome.js';

const outcome = { response: { order: { orderId: 'TB1', address: { phone: '13800001111', street: '文三路1号' } } } };

describe('a sealed idempotency outcome', () => {
  it('opens with the same operation, key and request fingerprint, and holds nothing in clear', () => {
    const sealed = sealOutcome('ChangeAddress', 'key-1', 'fp-1', outcome);
    expect(openOutcome('ChangeAddress', 'key-1', 'fp-1', sealed)).toEqual(outcome);
    expect(JSON.stringify(sealed)).not.toMatch(/13800001111|文三路|key-1|fp-1/);
    expect(sealed.masked).toEqual({ response: { order: { orderId: 'TB1', address: '[masked address]' } } });
  });

  it('does not open with another key, another request, under another operation, or once altered', () => {
    const sealed = sealOutcome('ChangeAddress', 'key-1', 'fp-1', outcome);
    expect(() => openOutcome('ChangeAddress', 'key-2', 'fp-1', sealed)).toThrow();
    expect(() => openOutcome('ChangeAddress', 'key-1', 'fp-2', sealed)).toThrow();
    expect(() => openOutcome('CancelOrder', 'key-1', 'fp-1', sealed)).toThrow();
    const data = Buffer.from(sealed.sealed.data, 'base64');
    data[0] = (data[0] ?? 0) ^ 1;
    const altered = { ...sealed, sealed: { ...sealed.sealed, data: data.toString('base64') } };
    expect(() => openOutcome('ChangeAddress', 'key-1', 'fp-1', altered)).toThrow();
  });

  it('stores hashes of the key and the fingerprint, not the values', () => {
    expect(storedKeyOf('key-1')).toMatch(/^sha256:[\da-f]{64}$/);
    expect(storedKeyOf('key-1')).toBe(storedKeyOf('key-1'));
    expect(storedFingerprintOf('fp-1')).not.toContain('fp-1');
  });
});
