import { randomUUID } from 'node:crypto';
import { FulfilmentStage } from '@cs/contracts/cs/orders/v1/order';
import { ChangeAttributesOutcome } from '@cs/contracts/cs/orders/v1/orders_service';
import { richErrorDetails } from '@cs/grpc';
import { waitFor } from '@cs/testing';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmation, type OrdersHarness, redMugs, startOrders } from './orders-fixture.js';

let h: OrdersHarness;
beforeAll(async () => {
  h = await startOrders();
});
afterAll(() => h?.close());

const blueMugs = { ...redMugs, sku: 'MUG-BLUE', title: '蓝色马克杯' };
const change = (orderId: string, newSku: string, newAttributes: Record<string, string> = {}) =>
  h.grpc.changeAttributes({
    orderId,
    sku: 'MUG-RED',
    newSku,
    newTitle: '蓝色马克杯',
    newAttributes,
    confirmation: confirmation(),
    idempotencyKey: randomUUID(),
  });

describe('ChangeAttributes (改属性): the wanted colour and size, one line per SKU, an outcome like ChangeAddress', () => {
  it('not printed: CHANGED, and the wanted attributes are on the line, in the remark and in the event', async () => {
    const orderId = await h.orderAt(FulfilmentStage.FULFILMENT_STAGE_PAID);
    const response = await change(orderId, 'MUG-BLUE-L', { 颜色: '蓝色', 尺码: 'L' });
    expect(response.outcome).toBe(ChangeAttributesOutcome.CHANGE_ATTRIBUTES_OUTCOME_CHANGED);
    expect(response.order?.items[0]).toMatchObject({ sku: 'MUG-BLUE-L', attributes: { 颜色: '蓝色', 尺码: 'L' } });
    expect(response.remark?.text).toContain('蓝色马克杯(MUG-BLUE-L；颜色:蓝色，尺码:L)');
    const { order } = await h.grpc.getOrder({ orderId });
    expect(order?.items[0]?.attributes).toEqual({ 颜色: '蓝色', 尺码: 'L' });
    const event = await waitFor('attributes_changed', () =>
      h.events.ofSubject('cs.orders.order.attributes_changed').find((e) => e.data.orderId === orderId),
    );
    expect((event.data.newItems as { attributes: unknown }[])[0]?.attributes).toEqual({ 颜色: '蓝色', 尺码: 'L' });
  });

  it('printed or packed: WAREHOUSE_TASK_OPENED, and the reprint carries the attributes', async () => {
    for (const stage of [FulfilmentStage.FULFILMENT_STAGE_PRINTED, FulfilmentStage.FULFILMENT_STAGE_PACKED]) {
      const orderId = await h.orderAt(stage);
      const response = await change(orderId, 'MUG-BLUE', { 颜色: '蓝色' });
      expect(response.outcome).toBe(ChangeAttributesOutcome.CHANGE_ATTRIBUTES_OUTCOME_WAREHOUSE_TASK_OPENED);
      expect(response.tasks[1]?.newItems[0]?.attributes).toEqual({ 颜色: '蓝色' });
    }
  });

  it('refuses a change that would leave two lines with the same SKU, and changes nothing', async () => {
    const orderId = await h.orderAt(FulfilmentStage.FULFILMENT_STAGE_PAID, { items: [redMugs, blueMugs] });
    const error = await change(orderId, 'MUG-BLUE').catch((e) => e);
    expect(error.code).toBe(status.FAILED_PRECONDITION);
    expect(richErrorDetails(error.metadata).reason).toBe('order-desk.attribute-change-leaves-duplicate-sku');
    const { order } = await h.grpc.getOrder({ orderId });
    expect(order?.items.map((i) => i.sku)).toEqual(['MUG-RED', 'MUG-BLUE']);
    expect(order?.remarks).toEqual([]);
  });

  it('too many or empty attributes are refused naming the field', async () => {
    const orderId = await h.orderAt(FulfilmentStage.FULFILMENT_STAGE_PAID);
    const many = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`a${i}`, 'x']));
    for (const [attributes, field] of [
      [many, 'new_attributes'],
      [{ 颜色: ' ' }, 'new_attributes[颜色]'],
    ] as const) {
      const error = await change(orderId, 'MUG-BLUE', attributes).catch((e) => e);
      expect(error.code).toBe(status.INVALID_ARGUMENT);
      expect(richErrorDetails(error.metadata).fieldViolations.map((v) => v.field)).toEqual([field]);
    }
  });
});
