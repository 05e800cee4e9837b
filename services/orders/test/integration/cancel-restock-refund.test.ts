import { randomUUID } from 'node:crypto';
import { DeskTaskKind, DeskTaskStep, FulfilmentStage } from '@cs/contracts/cs/orders/v1/order';
import { CancelOrderOutcome } from '@cs/contracts/cs/orders/v1/orders_service';
import { waitFor } from '@cs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agent, as, confirmation, type OrdersHarness, redMugs, startOrders, warehouseHand } from './orders-fixture.js';

let h: OrdersHarness;
beforeAll(async () => {
  h = await startOrders();
});
afterAll(() => h?.close());

const seconds = (at: Date) => ({ seconds: Math.floor(at.getTime() / 1000), nanos: 0 });
const eventsFor = (subject: string, orderId: string) =>
  h.events.ofSubject(subject).filter((e) => e.data.orderId === orderId);
const completedTask = (taskId: string) =>
  waitFor(`task.completed for ${taskId}`, () =>
    h.events.ofSubject('cs.orders.task.completed').find((e) => (e.data.task as { taskId: string }).taskId === taskId),
  );

/** A packed, paid order of its own SKU (so no other test moves its stock), cancelled. */
async function packedOrderCancelled(reportedUnits: number, reportedAt: Date) {
  const sku = `MUG-${randomUUID().slice(0, 8)}`;
  await h.stock.recordStockLevel({ sku, units: reportedUnits, reportedAt: seconds(reportedAt) });
  const orderId = await h.orderAt(FulfilmentStage.FULFILMENT_STAGE_PACKED, { items: [{ ...redMugs, sku }] });
  const cancelled = await h.grpc.cancelOrder({ orderId, confirmation: confirmation(), idempotencyKey: randomUUID() });
  const [retrieve, restock] = cancelled.tasks;
  return { sku, orderId, cancelled, retrieve: retrieve!, restock: restock! };
}

describe('a packed order cancelled after payment: parcel back, restock, then refund (domain.md §2)', () => {
  it('the refund is requested when the goods are restocked, not at cancellation', async () => {
    const { orderId, cancelled, retrieve, restock } = await packedOrderCancelled(0, new Date(Date.now() - 60_000));
    expect(cancelled.outcome).toBe(CancelOrderOutcome.CANCEL_ORDER_OUTCOME_WAREHOUSE_TASK_OPENED);
    expect(cancelled.refundRequested).toBe(false);
    expect(cancelled.refundOnRestock).toBe(true);
    expect(cancelled.remark?.text).toContain('入库后由售后退款');
    expect(restock.kind).toBe(DeskTaskKind.DESK_TASK_KIND_RESTOCK);

    const warehouse = await as(warehouseHand);
    await h.tasks.completeTask(
      { taskId: retrieve.taskId, step: DeskTaskStep.DESK_TASK_STEP_PARCEL_RETRIEVED },
      warehouse,
    );
    await completedTask(retrieve.taskId);
    const restocked = await h.tasks.completeTask(
      { taskId: restock.taskId, step: DeskTaskStep.DESK_TASK_STEP_RESTOCKED },
      warehouse,
    );
    const refund = await waitFor('refund_requested', () => eventsFor('cs.orders.order.refund_requested', orderId)[0]);
    // Written by the restock, not by the cancellation: it is no older than the restock itself.
    const { seconds: s, nanos } = restocked.task!.completedAt!;
    expect(new Date(refund.headers['ce-time']!).getTime()).toBeGreaterThanOrEqual(s * 1000 + nanos / 1e6 - 5);
    expect(refund.data).toMatchObject({
      reason: 'REFUND_REASON_CANCELLED_AFTER_PAYMENT',
      stageAtCancellation: 'FULFILMENT_STAGE_PACKED',
      amount: { amountMinor: 3998, currency: 'CNY' },
      customer: { customerId: 'buyer-1' },
      // The agent who cancelled asked for it, not the warehouse hand who restocked.
      requestedBy: agent,
    });
    expect(eventsFor('cs.orders.order.refund_requested', orderId)).toHaveLength(1);
  });

  it('restocking puts the goods back on the stock level; a platform report from before the restock does not undo it', async () => {
    const before = new Date(Date.now() - 60_000);
    const { sku, retrieve, restock } = await packedOrderCancelled(0, before);
    const promise = () =>
      h.stock.promiseShipDate({ sku, paidAt: seconds(new Date()), orderId: '', urgent: false }).then((p) => p.inStock);
    expect(await promise()).toBe(false);

    const warehouse = await as(warehouseHand);
    await h.tasks.completeTask(
      { taskId: retrieve.taskId, step: DeskTaskStep.DESK_TASK_STEP_PARCEL_RETRIEVED },
      warehouse,
    );
    await h.tasks.completeTask({ taskId: restock.taskId, step: DeskTaskStep.DESK_TASK_STEP_RESTOCKED }, warehouse);
    expect(await promise()).toBe(true);
    // Completing the restock again changes nothing: the two mugs are counted once.
    await h.tasks.completeTask({ taskId: restock.taskId, step: DeskTaskStep.DESK_TASK_STEP_RESTOCKED }, warehouse);

    // A count the platform took before the restock, arriving late, is older than the level: ignored.
    const late = await h.stock.recordStockLevel({
      sku,
      units: 0,
      reportedAt: seconds(new Date(before.getTime() + 1000)),
    });
    expect(late.stockLevel?.units).toBe(redMugs.quantity);
    // The platform's next count is authoritative again.
    const next = await h.stock.recordStockLevel({ sku, units: 7, reportedAt: seconds(new Date(Date.now() + 1000)) });
    expect(next.stockLevel?.units).toBe(7);
  });

  it('not printed or printed: the refund is still requested at cancellation', async () => {
    for (const stage of [FulfilmentStage.FULFILMENT_STAGE_PAID, FulfilmentStage.FULFILMENT_STAGE_PRINTED]) {
      const orderId = await h.orderAt(stage);
      const cancelled = await h.grpc.cancelOrder({
        orderId,
        confirmation: confirmation(),
        idempotencyKey: randomUUID(),
      });
      expect(cancelled.refundRequested).toBe(true);
      expect(cancelled.refundOnRestock).toBe(false);
      expect(cancelled.outcome).toBe(
        stage === FulfilmentStage.FULFILMENT_STAGE_PAID
          ? CancelOrderOutcome.CANCEL_ORDER_OUTCOME_VOIDED
          : CancelOrderOutcome.CANCEL_ORDER_OUTCOME_WAREHOUSE_TASK_OPENED,
      );
      await waitFor(`refund for ${stage}`, () => eventsFor('cs.orders.order.refund_requested', orderId)[0]);
    }
  });
});
