import { randomUUID } from 'node:crypto';
import { ChangeStatus, DeskTaskKind, FulfilmentStage, RemarkFlag } from '@cs/contracts/cs/orders/v1/order';
import { richErrorDetails } from '@cs/grpc';
import { waitFor } from '@cs/testing';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agent, confirmation, type OrdersHarness, redMugs, startOrders } from './orders-fixture.js';

let h: OrdersHarness;
beforeAll(async () => {
  h = await startOrders();
});
afterAll(() => h?.close());

const cancel = (orderId: string) =>
  h.grpc.cancelOrder({ orderId, confirmation: confirmation(), idempotencyKey: randomUUID() });
const changeToBlue = (orderId: string) =>
  h.grpc.changeAttributes({
    orderId,
    sku: 'MUG-RED',
    newSku: 'MUG-BLUE',
    newTitle: '蓝色马克杯',
    confirmation: confirmation(),
    idempotencyKey: randomUUID(),
    newAttributes: {},
  });
const eventFor = (subject: string, orderId: string) =>
  waitFor(`${subject} for ${orderId}`, () => h.events.ofSubject(subject).find((e) => e.data.orderId === orderId));

describe('CancelOrder follows the cancel column of the fulfilment-stage table', () => {
  it('not printed, paid: the order is voided and after-sales is asked to refund', async () => {
    const orderId = await h.orderAt(FulfilmentStage.FULFILMENT_STAGE_PAID);
    const response = await cancel(orderId);
    expect(response.refundRequested).toBe(true);
    expect(response.tasks).toEqual([]);
    expect(response.change?.status).toBe(ChangeStatus.CHANGE_STATUS_DONE);
    expect(response.order?.cancelledAt).toBeDefined();
    expect(response.remark?.flag).toBe(RemarkFlag.REMARK_FLAG_RED);
    const cancelled = await eventFor('cs.orders.order.cancelled', orderId);
    expect(cancelled.data.voided).toBe(true);
    const refund = await eventFor('cs.orders.order.refund_requested', orderId);
    expect(refund.data).toMatchObject({
      reason: 'REFUND_REASON_CANCELLED_AFTER_PAYMENT',
      stageAtCancellation: 'FULFILMENT_STAGE_PAID',
      amount: { amountMinor: 3998, currency: 'CNY' },
      customer: { customerId: 'buyer-1' },
      // Who cancelled: the caller's token (agent-7, 张三), not anything in the request.
      requestedBy: agent,
    });
    expect(Number(refund.data.orderVersion)).toBe(response.order?.version);
  });

  it('not printed, unpaid: voided, nothing to refund', async () => {
    const orderId = await h.orderAt(FulfilmentStage.FULFILMENT_STAGE_PLACED);
    const response = await cancel(orderId);
    expect(response.refundRequested).toBe(false);
    await eventFor('cs.orders.order.cancelled', orderId);
    expect(h.events.ofSubject('cs.orders.order.refund_requested').some((e) => e.data.orderId === orderId)).toBe(false);
  });

  it('printed: a warehouse task to hand back the documents (destroyed), and a refund request', async () => {
    const orderId = await h.orderAt(FulfilmentStage.FULFILMENT_STAGE_PRINTED);
    const response = await cancel(orderId);
    expect(response.tasks.map((t) => t.kind)).toEqual([DeskTaskKind.DESK_TASK_KIND_RETRIEVE_DOCUMENTS]);
    expect(response.change?.status).toBe(ChangeStatus.CHANGE_STATUS_AWAITING_TASKS);
    expect((await eventFor('cs.orders.order.refund_requested', orderId)).data.stageAtCancellation).toBe(
      'FULFILMENT_STAGE_PRINTED',
    );
  });

  it('cancel of a packed order returns the parcel to stock; the refund follows the restock', async () => {
    const orderId = await h.orderAt(FulfilmentStage.FULFILMENT_STAGE_PACKED);
    const response = await cancel(orderId);
    expect(response.tasks.map((t) => t.kind)).toEqual([
      DeskTaskKind.DESK_TASK_KIND_RETRIEVE_PARCEL,
      DeskTaskKind.DESK_TASK_KIND_RESTOCK,
    ]);
    // See cancel-restock-refund.test.ts: the refund is requested when the warehouse restocks.
    expect(response.refundOnRestock).toBe(true);
    await waitFor(
      'two task.opened events',
      () =>
        h.events
          .ofSubject('cs.orders.task.opened')
          .filter((e) => (e.data.task as { orderId: string }).orderId === orderId).length === 2 || undefined,
    );
  });

  it('shipped: refused naming the rule, handed over to after-sales to intercept', async () => {
    const orderId = await h.orderAt(FulfilmentStage.FULFILMENT_STAGE_SHIPPED);
    const error = await cancel(orderId).catch((e) => e);
    expect(error.code).toBe(status.FAILED_PRECONDITION);
    expect(richErrorDetails(error.metadata).reason).toBe('order-desk.shipped-order-goes-to-aftersales');
    const handOver = await eventFor('cs.orders.order.handed_to_aftersales', orderId);
    expect(handOver.data.reason).toBe('HAND_OVER_REASON_CANCELLATION');
    // Only an attribute change carries goods (for the exchange): an intercept has none.
    expect(handOver.data).not.toHaveProperty('boughtItem');
    expect(handOver.data).not.toHaveProperty('wantedItem');
    const { order } = await h.grpc.getOrder({ orderId });
    expect(order?.cancelledAt).toBeUndefined();
  });

  it('a cancelled order cannot be cancelled again', async () => {
    const orderId = await h.orderAt(FulfilmentStage.FULFILMENT_STAGE_PAID);
    await cancel(orderId);
    const error = await cancel(orderId).catch((e) => e);
    expect(error.code).toBe(status.FAILED_PRECONDITION);
    expect(richErrorDetails(error.metadata).reason).toBe('order-desk.cancelled-order-cannot-change');
  });

  it('over HTTP, with the idempotency key as a header, a retry returns the first outcome', async () => {
    const orderId = await h.orderAt(FulfilmentStage.FULFILMENT_STAGE_PAID);
    const body = {
      order_id: orderId,
      confirmation: { confirmed_at: new Date(Date.now() - 60_000).toISOString(), channel: 'CONFIRMATION_CHANNEL_CHAT' },
    };
    const key = { 'idempotency-key': randomUUID() };
    const first = await h.http('/cs.orders.v1.OrdersService/CancelOrder', body, key);
    const again = await h.http('/cs.orders.v1.OrdersService/CancelOrder', body, key);
    expect(first.status).toBe(200);
    expect(first.body.refundRequested).toBe(true);
    expect(again.body).toEqual(first.body);
  });
});

describe('ChangeAttributes (改属性) follows the change column', () => {
  it('not printed: the item is changed, remarked 客户拍下X，要求修改成Y，已修改妥当, and the printing desk told', async () => {
    const orderId = await h.orderAt(FulfilmentStage.FULFILMENT_STAGE_PAID);
    const response = await changeToBlue(orderId);
    expect(response.order?.items[0]).toMatchObject({ sku: 'MUG-BLUE', title: '蓝色马克杯', quantity: 2 });
    expect(response.remark?.text).toMatch(
      /^客户拍下红色马克杯\(MUG-RED\)，要求修改成蓝色马克杯\(MUG-BLUE\)，已修改妥当---\d{4}\.\d{2}\.\d{2} 张三$/,
    );
    expect(response.change?.confirmation?.channel).toBe('CONFIRMATION_CHANNEL_CHAT');
    const event = await eventFor('cs.orders.order.attributes_changed', orderId);
    expect((event.data.newItems as { sku: string }[])[0]?.sku).toBe('MUG-BLUE');
  });

  it('printed: documents handed back by the warehouse, then reprinted', async () => {
    const orderId = await h.orderAt(FulfilmentStage.FULFILMENT_STAGE_PRINTED);
    const response = await changeToBlue(orderId);
    expect(response.tasks.map((t) => [t.desk, t.kind])).toEqual([
      ['DESK_WAREHOUSE', 'DESK_TASK_KIND_RETRIEVE_DOCUMENTS'],
      ['DESK_PRINTING', 'DESK_TASK_KIND_REPRINT'],
    ]);
    expect(response.tasks[1]?.newItems[0]?.sku).toBe('MUG-BLUE');
  });

  // After shipping, 改属性 is an exchange in after-sales: it needs the line that comes back and the item that goes out.
  it('shipped: handed over for an exchange, with the bought line and the item wanted instead (same quantity and price)', async () => {
    const teeLine = {
      sku: 'TEE-M',
      title: '白色T恤 M',
      quantity: 3,
      unitPrice: { amountMinor: 5900, currency: 'CNY' },
    };
    const tee = { ...teeLine, attributes: {} };
    const orderId = await h.orderAt(FulfilmentStage.FULFILMENT_STAGE_SHIPPED, { items: [redMugs, tee] });
    const error = await h.grpc
      .changeAttributes({
        orderId,
        sku: 'TEE-M',
        newSku: 'TEE-L',
        newTitle: '白色T恤 L',
        newAttributes: { 尺码: 'L' },
        confirmation: confirmation(),
        idempotencyKey: randomUUID(),
      })
      .catch((e) => e);
    expect(error.code).toBe(status.FAILED_PRECONDITION);
    expect(richErrorDetails(error.metadata).reason).toBe('order-desk.shipped-order-goes-to-aftersales');
    const handOver = await eventFor('cs.orders.order.handed_to_aftersales', orderId);
    expect(handOver.data.reason).toBe('HAND_OVER_REASON_ATTRIBUTE_CHANGE');
    // The line asked about, not the order's first line.
    // Proto3 JSON leaves an empty map out: the bought line has no attributes.
    expect(handOver.data.boughtItem).toEqual(teeLine);
    expect(handOver.data.wantedItem).toEqual({
      ...teeLine,
      sku: 'TEE-L',
      title: '白色T恤 L',
      attributes: { 尺码: 'L' },
    });
    // The order keeps what was shipped: the exchange is after-sales' to carry out.
    const { order } = await h.grpc.getOrder({ orderId });
    expect(order?.items).toEqual([redMugs, tee]);
  });

  it('a SKU that is not on the order is refused naming the rule', async () => {
    const orderId = await h.orderAt(FulfilmentStage.FULFILMENT_STAGE_PAID);
    const error = await h.grpc
      .changeAttributes({
        orderId,
        sku: 'NOT-ON-ORDER',
        newSku: 'X',
        newTitle: 'x',
        newAttributes: {},
        confirmation: confirmation(),
        idempotencyKey: randomUUID(),
      })
      .catch((e) => e);
    expect(richErrorDetails(error.metadata).reason).toBe('order-desk.item-not-on-order');
  });
});

describe('a change racing a platform fact: the stage at commit time decides', () => {
  it('cancelling while the order is being printed ends consistently with the stage the cancel committed in', async () => {
    for (let round = 0; round < 5; round++) {
      const orderId = await h.orderAt(FulfilmentStage.FULFILMENT_STAGE_PAID);
      const now = { seconds: Math.floor(Date.now() / 1000), nanos: 0 };
      const [cancelled] = await Promise.all([
        cancel(orderId),
        h.grpc.recordFulfilmentFact({ orderId, stage: FulfilmentStage.FULFILMENT_STAGE_PRINTED, occurredAt: now }),
      ]);
      const { order } = await h.grpc.getOrder({ orderId });
      expect(order?.stage).toBe(FulfilmentStage.FULFILMENT_STAGE_PRINTED);
      expect(order?.cancelledAt).toBeDefined();
      const stageAtCommit = cancelled.change?.stageAtCommit;
      if (stageAtCommit === FulfilmentStage.FULFILMENT_STAGE_PRINTED) {
        expect(cancelled.tasks.map((t) => t.kind)).toEqual([DeskTaskKind.DESK_TASK_KIND_RETRIEVE_DOCUMENTS]);
      } else {
        expect(stageAtCommit).toBe(FulfilmentStage.FULFILMENT_STAGE_PAID);
        expect(cancelled.tasks).toEqual([]);
      }
      const refund = await eventFor('cs.orders.order.refund_requested', orderId);
      expect(refund.data.stageAtCancellation).toBe(stageAtCommit);
    }
  });

  it('an attribute change racing packing: the tasks match the stage the change committed in', async () => {
    const orderId = await h.orderAt(FulfilmentStage.FULFILMENT_STAGE_PRINTED);
    const now = { seconds: Math.floor(Date.now() / 1000), nanos: 0 };
    const [change] = await Promise.all([
      changeToBlue(orderId),
      h.grpc.recordFulfilmentFact({ orderId, stage: FulfilmentStage.FULFILMENT_STAGE_PACKED, occurredAt: now }),
    ]);
    const expected =
      change.change?.stageAtCommit === FulfilmentStage.FULFILMENT_STAGE_PACKED
        ? DeskTaskKind.DESK_TASK_KIND_RETRIEVE_PARCEL
        : DeskTaskKind.DESK_TASK_KIND_RETRIEVE_DOCUMENTS;
    expect(change.tasks[0]?.kind).toBe(expected);
    const { order } = await h.grpc.getOrder({ orderId });
    expect(order?.items[0]?.sku).toBe('MUG-BLUE');
    expect(order?.stage).toBe(FulfilmentStage.FULFILMENT_STAGE_PACKED);
  });
});
