import { describe, expect, it } from 'vitest';
import { courierSignature, courierSignatureProblem } from '../../src/api/courier-signature.js';

const secret = 'feed-secret-0123456789abcdef';
const now = new Date('2026-12-03T10:00:00Z');
const ts = String(now.getTime() / 1000);
const body = Buffer.from('{"event_id":"e1","status":"派送中"}');
const signed = (over: Partial<Parameters<typeof courierSignatureProblem>[0]> = {}) => ({
  timestamp: ts,
  signature: courierSignature(secret, ts, body),
  rawBody: body,
  ...over,
});

describe('courier feed signature: HMAC-SHA256 over timestamp and raw body, within the tolerance', () => {
  it('accepts the courier signature over the exact bytes, up to the tolerance either way', () => {
    expect(courierSignatureProblem(signed(), secret, now, 300)).toBeUndefined();
    for (const skew of [-300, 300]) {
      const t = String(Number(ts) + skew);
      const delivery = signed({ timestamp: t, signature: courierSignature(secret, t, body) });
      expect(courierSignatureProblem(delivery, secret, now, 300)).toBeUndefined();
    }
  });

  it('refuses a missing header, another secret, changed bytes, a moved timestamp and a stale delivery', () => {
    expect(courierSignatureProblem(signed({ signature: undefined }), secret, now, 300)).toMatch(/required/);
    expect(courierSignatureProblem(signed({ timestamp: undefined }), secret, now, 300)).toMatch(/required/);
    expect(courierSignatureProblem(signed({ timestamp: 'yesterday' }), secret, now, 300)).toMatch(/unix seconds/);
    const other = signed({ signature: courierSignature('another-secret', ts, body) });
    expect(courierSignatureProblem(other, secret, now, 300)).toMatch(/does not match/);
    const tampered = signed({ rawBody: Buffer.from('{"event_id":"e1","status":"已签收"}') });
    expect(courierSignatureProblem(tampered, secret, now, 300)).toMatch(/does not match/);
    // A captured delivery re-sent under a fresh timestamp: the signature covers the old one.
    expect(courierSignatureProblem(signed({ timestamp: String(Number(ts) + 1) }), secret, now, 300)).toMatch(
      /does not match/,
    );
    expect(courierSignatureProblem(signed({ signature: 'sha256=00' }), secret, now, 300)).toMatch(/does not match/);
    const old = String(Number(ts) - 301);
    const stale = signed({ timestamp: old, signature: courierSignature(secret, old, body) });
    expect(courierSignatureProblem(stale, secret, now, 300)).toMatch(/more than 300 s/);
  });
});
