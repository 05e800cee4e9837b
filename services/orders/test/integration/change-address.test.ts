import { randomUUID } from 'node:crypto';
import { DeskTaskKind, FulfilmentStage, RemarkFlag } from '@cs/contracts/cs/orders/v1/order';
import { ChangeAddressOutcome, ChangeAddressRequest } from '@cs/contracts/cs/orders/v1/orders_service';
import { richErrorDetails } from '@cs/grpc';
import { waitFor } from '@cs/testing';
import { status } from '@grpc/grpc-js';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agent, confirmation, newAddress, type OrdersHarness, startOrders } from './orders-fixture.js';

let h: OrdersHarness;
beforeAll(async () => {
  h = await startOrders();
});
afterAll(() => h?.close());

const printedFirstOf = (change: { outcome: ChangeAddressOutcome }) =>
  change.outcome === ChangeAddressOutcome.CHANGE_ADDRESS_OUTCOME_WAREHOUSE_TASK_OPENED;

const request = (orderId: string) => ({
  orderId,
  newAddress,
  confirmation: confirmation(),
  idempotencyKey: randomUUID(),
});

describe('ChangeAddress follows the fulfilment-stage table', () => {
  it('not printed: the address is changed, remarked in the handbook form, and the printing desk is told', async () => {
    const orderId = await h.orderAt(FulfilmentStage.FULFILMENT_STAGE_PAID);
    const response = await h.grpc.changeAddress(request(orderId));
    expect(response.outcome).toBe(ChangeAddressOutcome.CHANGE_ADDRESS_OUTCOME_CHANGED);
    expect(response.order?.address).toEqual(newAddress);
    expect(response.remark?.flag).toBe(RemarkFlag.REMARK_FLAG_RED);
    expect(response.remark?.text).toMatch(
      /^客户要求修改地址，新地址为：李四，13900002222，浙江省杭州市西湖区文一路99号，310000 ---\d{4}\.\d{2}\.\d{2} 张三$/,
    );
    const event = await waitFor('address_changed event', () =>
      h.events.ofSubject('cs.orders.order.address_changed').find((e) => e.data.orderId === orderId),
    );
    expect(event.data.newAddress).toMatchObject({ street: '文一路99号' });
    expect(event.headers['ce-type']).toBe('cs.orders.order.address_changed');
    expect(event.headers['ce-subject']).toBe(orderId);
    expect(event.headers['ce-specversion']).toBe('1.0');
    expect(event.headers['ce-source']).toBe('/cs/orders');
    expect(event.headers['Nats-Msg-Id']).toBe(event.headers['ce-id']);
    expect(Number(event.data.orderVersion)).toBe(response.order?.version);
  });

  it('printed: a warehouse task to hand back the delivery note and waybill', async () => {
    const orderId = await h.orderAt(FulfilmentStage.FULFILMENT_STAGE_PRINTED);
    const response = await h.grpc.changeAddress(request(orderId));
    expect(response.outcome).toBe(ChangeAddressOutcome.CHANGE_ADDRESS_OUTCOME_WAREHOUSE_TASK_OPENED);
    expect(response.tasks[0]?.kind).toBe(DeskTaskKind.DESK_TASK_KIND_RETRIEVE_DOCUMENTS);
    expect(response.tasks[0]?.newAddress).toEqual(newAddress);
    await waitFor('task.opened event', () =>
      h.events.ofSubject('cs.orders.task.opened').find((e) => (e.data.task as { orderId: string }).orderId === orderId),
    );
  });

  it('packed: a warehouse task to hand back the parcel and reprint', async () => {
    const orderId = await h.orderAt(FulfilmentStage.FULFILMENT_STAGE_PACKED);
    const response = await h.grpc.changeAddress(request(orderId));
    expect(response.outcome).toBe(ChangeAddressOutcome.CHANGE_ADDRESS_OUTCOME_WAREHOUSE_TASK_OPENED);
    expect(response.tasks[0]?.kind).toBe(DeskTaskKind.DESK_TASK_KIND_RETRIEVE_PARCEL);
  });

  it('shipped: refused with FAILED_PRECONDITION naming the rule, and handed over to after-sales', async () => {
    const orderId = await h.orderAt(FulfilmentStage.FULFILMENT_STAGE_SHIPPED);
    const error = await h.grpc.changeAddress(request(orderId)).catch((e) => e);
    expect(error.code).toBe(status.FAILED_PRECONDITION);
    expect(richErrorDetails(error.metadata).reason).toBe('order-desk.shipped-order-goes-to-aftersales');
    expect(error.details).toContain('after-sales');
    const handOver = await waitFor('hand-over event', () =>
      h.events.ofSubject('cs.orders.order.handed_to_aftersales').find((e) => e.data.orderId === orderId),
    );
    expect(handOver.data.reason).toBe('HAND_OVER_REASON_ADDRESS_CHANGE');
    expect(handOver.data.requestedAddress).toMatchObject({ street: '文一路99号' });
    // Goods are only for an attribute change's exchange.
    expect(handOver.data).not.toHaveProperty('boughtItem');
    const { order } = await h.grpc.getOrder({ orderId });
    expect(order?.address?.street).toBe('文三路1号');
  });
});

describe('ChangeAddress over HTTP takes the proto3 JSON of the same request', () => {
  it('changes the address of an unprinted order', async () => {
    const orderId = await h.orderAt(FulfilmentStage.FULFILMENT_STAGE_PAID);
    const reply = await h.http('/cs.orders.v1.OrdersService/ChangeAddress', {
      order_id: orderId,
      new_address: {
        recipient_name: '李四',
        phone: '13900002222',
        province: '浙江省',
        city: '杭州市',
        street: '文一路99号',
      },
      confirmation: {
        confirmed_at: new Date(Date.now() - 60_000).toISOString(),
        channel: 'CONFIRMATION_CHANNEL_PHONE',
      },
      idempotency_key: randomUUID(),
    });
    expect(reply.status).toBe(200);
    expect(reply.body.outcome).toBe('CHANGE_ADDRESS_OUTCOME_CHANGED');
    expect(reply.body.order.address.street).toBe('文一路99号');
    expect(reply.body.remark.author).toEqual(agent);
    // proto3 JSON: 64-bit integers are strings, as buf curl and generated clients read them.
    const { order } = await h.grpc.getOrder({ orderId });
    expect(reply.body.order.version).toBe(String(order?.version));
    expect(reply.body.order.total.amountMinor).toBe(String(order?.total?.amountMinor));
  });

  it('answers a shipped order with 400 failed_precondition and the rule', async () => {
    const orderId = await h.orderAt(FulfilmentStage.FULFILMENT_STAGE_SHIPPED);
    // proto3 JSON (a timestamp is an RFC 3339 string), as any HTTP client writes it.
    const reply = await h.http(
      '/cs.orders.v1.OrdersService/ChangeAddress',
      ChangeAddressRequest.toJSON(request(orderId)),
    );
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({
      code: 'failed_precondition',
      reason: 'order-desk.shipped-order-goes-to-aftersales',
    });
  });
});

describe('ChangeAddress is safe to retry and to race', () => {
  it('a retry with the same idempotency key returns the first outcome and changes nothing more', async () => {
    const orderId = await h.orderAt(FulfilmentStage.FULFILMENT_STAGE_PAID);
    const same = request(orderId);
    const first = await h.grpc.changeAddress({ ...same, idempotencyKey: 'retry-1' });
    const again = await h.grpc.changeAddress({ ...same, idempotencyKey: 'retry-1' });
    expect(again).toEqual(first);
    const { order } = await h.grpc.getOrder({ orderId });
    expect(order?.remarks).toHaveLength(1);
    expect(order?.version).toBe(first.order?.version);
  });

  it('one transaction writes the update, the change, one row per event and the outcome; a retry writes none', async () => {
    const orderId = await h.orderAt(FulfilmentStage.FULFILMENT_STAGE_PAID);
    const rows = async () => {
      const db = new pg.Client({ connectionString: h.sut.database.url });
      await db.connect();
      try {
        const count = async (text: string, values: unknown[]) => Number((await db.query(text, values)).rows[0].n);
        return {
          version: (await db.query('select version from orders where id = $1', [orderId])).rows[0].version,
          changes: await count('select count(*) as n from order_changes where order_id = $1', [orderId]),
          events: (
            await db.query(
              'select subject, aggregate_version::int as v from cs_outbox where aggregate_id = $1 and aggregate_version > 2 order by subject',
              [orderId],
            )
          ).rows,
          outcomes: await count("select count(*) as n from idempotency_keys where operation = 'ChangeAddress'", []),
        };
      } finally {
        await db.end();
      }
    };
    const before = await rows();
    const same = request(orderId);
    const first = await h.grpc.changeAddress(same);
    const written = await rows();
    expect(written).toEqual({
      version: before.version + 1,
      changes: before.changes + 1,
      events: [
        { subject: 'cs.orders.change.completed', v: before.version + 1 },
        { subject: 'cs.orders.order.address_changed', v: before.version + 1 },
      ],
      outcomes: before.outcomes + 1,
    });
    expect(first.order?.version).toBe(before.version + 1);
    await h.grpc.changeAddress(same);
    expect(await rows()).toEqual(written);
  });

  it('the same key with a different request is refused naming idempotency_key', async () => {
    const orderId = await h.orderAt(FulfilmentStage.FULFILMENT_STAGE_PAID);
    await h.grpc.changeAddress({ ...request(orderId), idempotencyKey: 'reused' });
    const error = await h.grpc
      .changeAddress({ ...request(orderId), newAddress: { ...newAddress, street: '别的路' }, idempotencyKey: 'reused' })
      .catch((e) => e);
    expect(error.code).toBe(status.INVALID_ARGUMENT);
    expect(richErrorDetails(error.metadata).fieldViolations.map((v) => v.field)).toEqual(['idempotency_key']);
  });

  it('a stale expected_version is refused with ABORTED and nothing is written', async () => {
    const orderId = await h.orderAt(FulfilmentStage.FULFILMENT_STAGE_PAID);
    const { order } = await h.grpc.getOrder({ orderId });
    const error = await h.grpc
      .changeAddress({ ...request(orderId), expectedVersion: (order?.version ?? 0) - 1 })
      .catch((e) => e);
    expect(error.code).toBe(status.ABORTED);
    const after = await h.grpc.getOrder({ orderId });
    expect(after.order).toEqual(order);
  });

  it('racing changes with the same expected_version: exactly one wins, the rest are ABORTED, one event', async () => {
    const orderId = await h.orderAt(FulfilmentStage.FULFILMENT_STAGE_PAID);
    const { order: before } = await h.grpc.getOrder({ orderId });
    const version = before!.version;
    const racers = 6;
    const results = await Promise.allSettled(
      Array.from({ length: racers }, (_, i) =>
        h.grpc.changeAddress({
          ...request(orderId),
          newAddress: { ...newAddress, street: `${newAddress.street}${i}号` },
          expectedVersion: version,
        }),
      ),
    );
    const won = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const lost = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
    expect(won).toHaveLength(1);
    expect(lost.map((e) => e.code)).toEqual(Array(racers - 1).fill(status.ABORTED));
    const { order } = await h.grpc.getOrder({ orderId });
    expect(order?.version).toBe(version + 1);
    expect(order?.address).toEqual(won[0]!.order?.address);
    expect(order?.remarks).toHaveLength(before!.remarks.length + 1);
    // A later change's event is published after any the racers wrote, so once it is here, all are.
    await h.grpc.changeAddress({ ...request(orderId), expectedVersion: version + 1 });
    const changed = () =>
      h.events.ofSubject('cs.orders.order.address_changed').filter((e) => e.data.orderId === orderId);
    await waitFor('the later change event', () => changed().some((e) => Number(e.data.orderVersion) === version + 2));
    expect(changed().map((e) => Number(e.data.orderVersion))).toEqual([version + 1, version + 2]);
  });

  it('racing a printing fact: the stage at commit time decides', async () => {
    const orderId = await h.orderAt(FulfilmentStage.FULFILMENT_STAGE_PAID);
    const now = { seconds: Math.floor(Date.now() / 1000), nanos: 0 };
    const [change] = await Promise.all([
      h.grpc.changeAddress(request(orderId)),
      h.grpc.recordFulfilmentFact({ orderId, stage: FulfilmentStage.FULFILMENT_STAGE_PRINTED, occurredAt: now }),
    ]);
    const { order } = await h.grpc.getOrder({ orderId });
    expect(order?.stage).toBe(FulfilmentStage.FULFILMENT_STAGE_PRINTED);
    expect(order?.address).toEqual(newAddress);
    // Both committed, neither overwrote the other.
    expect(order?.version).toBe(change.order!.version + (printedFirstOf(change) ? 0 : 1));
    // Whichever committed first, the outcome matches the stage the change saw at its commit.
    const printedFirst = printedFirstOf(change);
    expect(change.order?.stage).toBe(
      printedFirst ? FulfilmentStage.FULFILMENT_STAGE_PRINTED : FulfilmentStage.FULFILMENT_STAGE_PAID,
    );
  });
});
