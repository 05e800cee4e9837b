import { randomUUID } from 'node:crypto';
import { uuidv7 } from '@cs/bus';
import type { EventPayload } from '@cs/contracts';
import { FulfilmentStage, SpecialRequestKind } from '@cs/contracts/cs/orders/v1/order';
import { publishAsProducer, waitFor } from '@cs/testing';
import { status } from '@grpc/grpc-js';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmation, newAddress, type OrdersHarness, startOrders } from './orders-fixture.js';

const subject = 'cs.care.customer.erasure_requested';
let h: OrdersHarness;
let nc: NatsConnection;
beforeAll(async () => {
  h = await startOrders();
  nc = await connect({ servers: h.sut.service.config.natsServers });
});
afterAll(async () => {
  await nc?.drain();
  await h?.close();
});

const sql = <T = Record<string, unknown>>(query: string, params: unknown[] = []) =>
  h.sut.service.orm.em.fork().execute<T[]>(query, params);

/** Publishes an erasure request as care's relay does, and waits until orders acknowledged it. */
async function publishErasure(payload: EventPayload<typeof subject>, eventId = uuidv7()): Promise<void> {
  await publishAsProducer(nc, { subjectPrefix: h.sut.subjectPrefix, consumer: 'orders' }, subject, payload, {
    eventId,
    aggregateId: payload.customerId,
  });
}

const erasureRequest = (customerId: string, erasureId = randomUUID()) => ({
  erasureId,
  customerId,
  requestedAt: { seconds: Math.floor(Date.now() / 1000), nanos: 0 },
  requestedBy: 'admin-1',
});

/** A customer's orders as the platform and the order desk made them: each table gets personal data. */
async function seedCustomer(customerId: string) {
  const paid = await h.orderAt(FulfilmentStage.FULFILMENT_STAGE_PAID, { customerId });
  const change = { orderId: paid, newAddress, confirmation: confirmation(), idempotencyKey: randomUUID() };
  await h.grpc.changeAddress(change);
  for (const request of [
    { kind: SpecialRequestKind.SPECIAL_REQUEST_KIND_GREETING_CARD, detail: '生日快乐，爱你的小李' },
    { kind: SpecialRequestKind.SPECIAL_REQUEST_KIND_INVOICE, detail: '李四个人' },
    { kind: SpecialRequestKind.SPECIAL_REQUEST_KIND_COURIER, detail: '顺丰' },
  ]) {
    await h.grpc.recordSpecialRequest({
      orderId: paid,
      request,
      confirmation: confirmation(),
      idempotencyKey: randomUUID(),
    });
  }
  // Printed: the warehouse and printing-desk tasks carry the new address.
  const printed = await h.orderAt(FulfilmentStage.FULFILMENT_STAGE_PRINTED, { customerId });
  await h.grpc.changeAddress({
    orderId: printed,
    newAddress,
    confirmation: confirmation(),
    idempotencyKey: randomUUID(),
  });
  // Placed, then paid by a bank transfer in the customer's name.
  const placed = await h.orderAt(FulfilmentStage.FULFILMENT_STAGE_PLACED, { customerId });
  await h.transfers.registerBankTransfer({
    payerName: '李四',
    amount: { amountMinor: 3998, currency: 'CNY' },
    transferredAt: { seconds: Math.floor(Date.now() / 1000), nanos: 0 },
    reference: `BANK-${randomUUID()}`,
    orderId: placed,
  });
  return { orderIds: [paid, printed, placed], paid, change };
}

/** Every row of the order desk about these orders, as the database holds it. */
async function rowsOf(orderIds: string[]) {
  const of = (table: string, column: string) =>
    sql<{ row: Record<string, unknown> }>(`select to_jsonb(t) as row from ${table} t where ${column} in (?)`, [
      orderIds,
    ]).then((rows) => rows.map((r) => r.row).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))));
  return {
    orders: await of('orders', 'id'),
    changes: await of('order_changes', 'order_id'),
    tasks: await of('desk_tasks', 'order_id'),
    transfers: await of('bank_transfers', 'order_id'),
  };
}

/** What reports count: amounts, stages, items, counts and who on the staff did what. */
function businessFigures(rows: Awaited<ReturnType<typeof rowsOf>>) {
  return {
    orders: rows.orders.map((o) => [o.id, o.stage, o.items, o.total, o.placed_at, o.paid_at, o.printed_at]),
    remarks: rows.orders.map((o) => (o.remarks as { kind: string; author: unknown }[]).map((r) => [r.kind, r.author])),
    changes: rows.changes.map((c) => [c.id, c.kind, c.status, c.stage_at_commit, c.requested_by, c.task_ids]),
    tasks: rows.tasks.map((t) => [t.id, t.desk, t.kind, t.status, t.instructions]),
    transfers: rows.transfers.map((t) => [t.id, t.amount, t.reference, t.order_id, t.registered_by]),
    regions: rows.orders.map((o) => [
      (o.address as { province: string }).province,
      (o.address as { city: string }).city,
    ]),
  };
}

const personalData = /李四|13800001111|13900002222|文三路|文一路|310000|西湖区|生日快乐|爱你的小李/;

describe('a customer erasure request (PIPL)', () => {
  it("anonymises the customer's personal data in every table, leaves other customers and the figures as they were", async () => {
    const erased = `buyer-${randomUUID()}`;
    const kept = `buyer-${randomUUID()}`;
    const target = await seedCustomer(erased);
    const other = await seedCustomer(kept);
    // Everything published first, so the outbox holds only delivered copies.
    await waitFor('the outbox to drain', async () => {
      const [row] = await sql<{ n: number }>('select count(*)::int as n from cs_outbox where published_at is null');
      return row?.n === 0;
    });
    const before = await rowsOf(target.orderIds);
    const otherBefore = await rowsOf(other.orderIds);
    expect(JSON.stringify(before)).toMatch(personalData);

    await publishErasure(erasureRequest(erased));

    const after = await rowsOf(target.orderIds);
    expect(JSON.stringify(after)).not.toMatch(personalData);
    expect(after.orders.every((o) => (o.customer as { displayName: string }).displayName === '[erased]')).toBe(true);
    expect(after.orders[0]?.address).toMatchObject({ recipientName: '[erased]', phone: '', street: '[erased]' });
    expect(after.transfers.map((t) => t.payer_name)).toEqual(['[erased]']);
    const paid = after.orders.find((o) => o.id === target.paid)!;
    const texts = (paid.remarks as { text: string }[]).map((r) => r.text.replace(/\d{4}\.\d{2}\.\d{2}/, 'DATE'));
    expect(texts).toEqual([
      '客户要求修改地址，新地址为：[erased] ---DATE 张三',
      '客户要求附贺卡，贺卡内容：[erased]---DATE 张三',
      '客户要求开发票，发票抬头：[erased]---DATE 张三',
      '客户要求指定快递：顺丰---DATE 张三',
    ]);
    expect(businessFigures(after)).toEqual(businessFigures(before));
    expect(await rowsOf(other.orderIds)).toEqual(otherBefore);

    // Delivered events quoting the customer are gone from the outbox; the other customer's stay.
    const outbox = async (ids: string[]) =>
      (await sql<{ n: number }>('select count(*)::int as n from cs_outbox where aggregate_id in (?)', [ids]))[0]?.n;
    expect(await outbox(target.orderIds)).toBe(0);
    expect(await outbox(other.orderIds)).toBeGreaterThan(0);

    // A retried change neither replays the stored response (it held the address) nor runs again.
    const retry = await h.grpc.changeAddress(target.change).catch((e) => e);
    expect([status.FAILED_PRECONDITION, status.INVALID_ARGUMENT]).toContain(retry.code);
    expect(await rowsOf(target.orderIds)).toEqual(after);
    const stored = await sql<{ outcome: string }>(
      "select outcome::text from idempotency_keys where coalesce(outcome->'masked', outcome)->'response'->'order'->>'orderId' in (?)",
      [target.orderIds],
    );
    expect(stored.length).toBe(0);
    expect(JSON.stringify(await sql('select outcome from idempotency_keys'))).toContain('privacy.customer-erased');

    const [record] = await sql(
      'select customer_id, requested_by, orders_erased from customer_erasures where customer_id = ?',
      [erased],
    );
    expect(record).toEqual({ customer_id: erased, requested_by: 'admin-1', orders_erased: 3 });
  });

  it('is idempotent: the same request redelivered, or asked again, changes nothing more', async () => {
    const customerId = `buyer-${randomUUID()}`;
    const { orderIds } = await seedCustomer(customerId);
    const request = erasureRequest(customerId);
    await publishErasure(request);
    const once = await rowsOf(orderIds);
    // The same event under a new event id (a producer retry), then a second request for the same customer.
    await publishErasure(request);
    await publishErasure(erasureRequest(customerId));
    expect(await rowsOf(orderIds)).toEqual(once);
    const records = await sql('select erasure_id from customer_erasures where customer_id = ?', [customerId]);
    expect(records).toHaveLength(2);
  });
});
