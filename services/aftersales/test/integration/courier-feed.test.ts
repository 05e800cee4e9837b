import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { courierSignature } from '../../src/api/courier-signature.js';
import { type AftersalesHarness, customer, startAftersales } from './aftersales-fixture.js';

const secret = `feed-${randomUUID()}`;
let h: AftersalesHarness;
beforeAll(async () => {
  h = await startAftersales({ COURIER_FEED_SECRET: secret, COURIER_FEED_TOLERANCE_SECONDS: '300' });
}, 60_000);
afterAll(() => h?.close());

const feedPath = '/aftersales/webhooks/courier-status';
const nowSeconds = () => String(Math.floor(Date.now() / 1000));

function event(trackingNumber: string, status = '运输中', occurredAt = '2026-12-01T08:00:00Z') {
  return {
    event_id: `evt-${randomUUID()}`,
    courier: '顺丰',
    tracking_number: trackingNumber,
    order_id: `TB-${trackingNumber}`,
    customer: { customer_id: customer.customerId },
    status,
    occurred_at: occurredAt,
    delivered: false,
  };
}

/** POSTs exactly these bytes, signed with `key` at `timestamp` unless headers say otherwise. */
async function deliver(
  body: unknown,
  {
    key = secret,
    timestamp = nowSeconds(),
    headers,
  }: { key?: string; timestamp?: string; headers?: Record<string, string> } = {},
) {
  const raw = JSON.stringify(body);
  const response = await fetch(`${h.sut.service.httpUrl}${feedPath}`, {
    method: 'POST',
    headers: headers ?? {
      'content-type': 'application/json',
      'x-courier-timestamp': timestamp,
      'x-courier-signature': courierSignature(key, timestamp, raw),
    },
    body: raw,
  });
  return { status: response.status, body: (await response.json()) as any };
}

const em = () => h.sut.service.orm.em.fork();
const shipment = async (trackingNumber: string) =>
  (await em().execute('select last_status from shipments where tracking_number = ?', [trackingNumber]))[0];
const feedRows = async (trackingNumber: string) =>
  (await em().execute('select 1 from courier_feed_events where tracking_number = ?', [trackingNumber])).length;

describe('courier status feed: signed deliveries record tracking updates once per courier event', () => {
  it('a signed event is recorded; its redelivery, alone or concurrent, writes nothing', async () => {
    const waybill = `SF${randomUUID().slice(0, 10)}`;
    const first = event(waybill, '运输中');
    expect(await deliver(first)).toEqual({ status: 200, body: { recorded: true } });
    expect(await shipment(waybill)).toEqual({ last_status: '运输中' });

    // The desk records a later status line at the same instant; a replayed 运输中 would overwrite it.
    await h.platform.tracking.recordTrackingUpdate({
      courier: '顺丰',
      trackingNumber: waybill,
      orderId: `TB-${waybill}`,
      customer,
      status: '派送中',
      occurredAt: { seconds: Date.parse(first.occurred_at) / 1000, nanos: 0 },
      delivered: false,
    });
    expect(await deliver(first)).toEqual({ status: 200, body: { recorded: false } });
    expect(await shipment(waybill)).toEqual({ last_status: '派送中' });

    const second = event(waybill, '已到达网点', '2026-12-01T09:00:00Z');
    const both = await Promise.all([deliver(second), deliver(second)]);
    expect(both.map((r) => r.body.recorded).sort()).toEqual([false, true]);
    expect(await shipment(waybill)).toEqual({ last_status: '已到达网点' });
    expect(await feedRows(waybill)).toBe(2);
  });

  it('a missing, wrong or tampered signature is 401 and writes nothing', async () => {
    const waybill = `SF${randomUUID().slice(0, 10)}`;
    const body = event(waybill);
    const refusals = [
      await deliver(body, { key: 'not-the-courier' }),
      await deliver(body, { headers: { 'content-type': 'application/json' } }),
      await deliver(body, {
        headers: {
          'content-type': 'application/json',
          'x-courier-timestamp': nowSeconds(),
          // Signed over other bytes than those sent.
          'x-courier-signature': courierSignature(secret, nowSeconds(), JSON.stringify({ ...body, status: '已签收' })),
        },
      }),
    ];
    for (const refused of refusals) {
      expect(refused.status).toBe(401);
      expect(refused.body.code).toBe('unauthenticated');
    }
    expect(await shipment(waybill)).toBeUndefined();
    expect(await feedRows(waybill)).toBe(0);
  });

  it('a correctly signed delivery outside the timestamp tolerance is refused as a replay', async () => {
    const waybill = `SF${randomUUID().slice(0, 10)}`;
    const stale = String(Math.floor(Date.now() / 1000) - 301);
    const refused = await deliver(event(waybill), { timestamp: stale });
    expect(refused.status).toBe(401);
    expect(refused.body.message).toMatch(/more than 300 s/);
    expect(await shipment(waybill)).toBeUndefined();
    expect(await feedRows(waybill)).toBe(0);
  });

  it('a signed but malformed event is 400 naming the fields, and writes nothing', async () => {
    const waybill = `SF${randomUUID().slice(0, 10)}`;
    const { event_id: _, ...noId } = event(waybill);
    const missingId = await deliver({ ...noId, status: '' });
    expect(missingId.status).toBe(400);
    expect(missingId.body.fieldViolations.map((v: { field: string }) => v.field).sort()).toEqual([
      'event_id',
      'status',
    ]);
    const wrongType = await deliver({ ...event(waybill), delivered: 'yes' });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.fieldViolations[0].field).toBe('delivered');
    expect(await feedRows(waybill)).toBe(0);
  });
});
