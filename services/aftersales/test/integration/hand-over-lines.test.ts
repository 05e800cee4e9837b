import { randomUUID } from 'node:crypto';
import type { EventPayload } from '@cs/contracts';
import { CaseKind } from '@cs/contracts/cs/aftersales/v1/case';
import { HandOverReason } from '@cs/contracts/cs/orders/v1/events';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { legacyHandOverOriginKey } from '../../src/domain/orders-hand-over.rule.js';
import { type AftersalesHarness, cny, customer, listRequest, startAftersales } from './aftersales-fixture.js';
import { publishEvent } from './publish-event.js';

let h: AftersalesHarness;
let nc: NatsConnection;
beforeAll(async () => {
  h = await startAftersales();
  nc = await connect({ servers: h.sut.service.config.natsServers });
});
afterAll(async () => {
  await nc?.drain();
  await h?.close();
});

const SUBJECT = 'cs.orders.order.handed_to_aftersales';
const line = (sku: string, title: string) => ({ sku, title, quantity: 1, unitPrice: cny(5900), attributes: {} });

function attributeChange(orderId: string, bought: string, wanted: string): EventPayload<typeof SUBJECT> {
  return {
    orderId,
    reason: HandOverReason.HAND_OVER_REASON_ATTRIBUTE_CHANGE,
    customer,
    requestedAddress: undefined,
    requestedBy: { agentId: 'agent-7', name: '张三' },
    orderVersion: 5,
    boughtItem: line(bought, bought),
    wantedItem: { ...line(wanted, wanted), attributes: { 尺码: wanted.slice(-1) } },
  };
}
/** Published as the orders relay does (each a new event); resolves once aftersales acknowledged it. */
const handOver = (payload: EventPayload<typeof SUBJECT>) =>
  publishEvent(h, nc, SUBJECT, payload, { aggregateId: payload.orderId });
const exchangesOf = async (orderId: string) =>
  (await h.cases.listCases(listRequest({ orderId, kind: CaseKind.CASE_KIND_EXCHANGE }))).cases;

describe('attribute changes handed over for several lines of one shipped order', () => {
  it('a second line finds no other line’s case: each line becomes its own exchange', async () => {
    const orderId = `TB${randomUUID().slice(0, 8)}`;
    await handOver(attributeChange(orderId, 'TEE-M', 'TEE-L'));
    await handOver(attributeChange(orderId, 'CAP-S', 'CAP-M'));
    const exchanges = await exchangesOf(orderId);
    expect(exchanges.map((c) => [c.items.map((i) => i.sku), c.wantedItem?.sku]).sort()).toEqual([
      [['CAP-S'], 'CAP-M'],
      [['TEE-M'], 'TEE-L'],
    ]);
    expect(exchanges.find((c) => c.items[0]?.sku === 'TEE-M')?.wantedItem?.attributes).toEqual({ 尺码: 'L' });
  });

  it('the same line handed over again (a new event) finds its exchange', async () => {
    const orderId = `TB${randomUUID().slice(0, 8)}`;
    await handOver(attributeChange(orderId, 'TEE-M', 'TEE-L'));
    await handOver(attributeChange(orderId, 'TEE-M', 'TEE-L'));
    expect(await exchangesOf(orderId)).toHaveLength(1);
  });

  it('an exchange opened before cases were per line is found for its line, not for another', async () => {
    const orderId = `TB${randomUUID().slice(0, 8)}`;
    await handOver(attributeChange(orderId, 'TEE-M', 'TEE-L'));
    // As the case was keyed before this change: one per order and reason.
    const db = new pg.Client({ connectionString: h.sut.database.url });
    await db.connect();
    try {
      const legacy = legacyHandOverOriginKey(orderId, HandOverReason.HAND_OVER_REASON_ATTRIBUTE_CHANGE);
      const updated = await db.query('update aftersales_cases set origin_key = $1 where order_id = $2', [
        legacy,
        orderId,
      ]);
      expect(updated.rowCount).toBe(1);
    } finally {
      await db.end();
    }
    await handOver(attributeChange(orderId, 'TEE-M', 'TEE-L'));
    expect(await exchangesOf(orderId)).toHaveLength(1);
    await handOver(attributeChange(orderId, 'CAP-S', 'CAP-M'));
    expect(await exchangesOf(orderId)).toHaveLength(2);
  });
});
