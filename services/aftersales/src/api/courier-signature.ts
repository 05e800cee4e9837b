import { createHmac, timingSafeEqual } from 'node:crypto';

export const COURIER_TIMESTAMP_HEADER = 'x-courier-timestamp';
export const COURIER_SIGNATURE_HEADER = 'x-courier-signature';

export interface SignedDelivery {
  /** Unix seconds, as the courier sent them in x-courier-timestamp. */
  timestamp: string | undefined;
  /** `sha256=<hex>` from x-courier-signature. */
  signature: string | undefined;
  rawBody: Buffer | undefined;
}

/**
 * The courier's signature: HMAC-SHA256 with the shared secret over `<timestamp>.<raw body>`.
 * The timestamp is inside the signed bytes, so a captured delivery cannot be replayed later under
 * a fresh one; outside the tolerance it is refused.
 */
export function courierSignature(secret: string, timestamp: string, rawBody: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex')}`;
}

/** Why a delivery is refused, or undefined when it is the courier's and fresh. */
export function courierSignatureProblem(
  delivery: SignedDelivery,
  secret: string,
  now: Date,
  toleranceSeconds: number,
): string | undefined {
  const { timestamp, signature, rawBody } = delivery;
  if (!timestamp || !signature || !rawBody) return 'x-courier-timestamp and x-courier-signature are required';
  if (!/^\d{1,12}$/.test(timestamp)) return 'x-courier-timestamp must be unix seconds';
  const expected = Buffer.from(courierSignature(secret, timestamp, rawBody));
  const given = Buffer.from(signature);
  // Lengths first (timingSafeEqual needs equal lengths; the length is no secret), then constant time.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'signature does not match';
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > toleranceSeconds)
    return `timestamp is more than ${toleranceSeconds} s from now (a replay?)`;
  return undefined;
}
