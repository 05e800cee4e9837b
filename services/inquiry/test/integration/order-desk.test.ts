import { randomUUID } from 'node:crypto';
import { OrderChangeOutcome } from '@cs/contracts/cs/inquiry/v1/conversations_service';
import { FulfilmentStage } from '@cs/contracts/cs/orders/v1/order';
import { OrdersServiceService } from '@cs/contracts/cs/orders/v1/orders_service';
import { createGrpcClient, type PromiseClient } from '@cs/grpc';
import { type ServiceUnderTest, startServiceUnderTest, waitFor } from '@cs/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ordersService } from '../../../orders/src/orders.service.js';
import { agentRef, type InquiryHarness, startInquiry } from './inquiry-fixture.js';

const address = {
  recipientName: '李四',
  phone: '13800001111',
  province: '浙江省',
  city: '杭州市',
  district: '西湖区',
  street: '文三路1号',
  postalCode: '310000',
};

let orders: ServiceUnderTest;
let ordersClient: PromiseClient<typeof OrdersServiceService>;
let h: InquiryHarness;
beforeAll(async () => {
  const infrastructure = { postgresUrl: inject('postgresUrl'), natsUrl: inject('natsUrl') };
  orders = await startServiceUnderTest(ordersService, infrastructure, { ORDERS_PAYMENT_REMINDER_AFTER_MINUTES: '1' });
  ordersClient = createGrpcClient(OrdersServiceService, orders.service.grpcAddress);
  // Same subject prefix: inquiry consumes the order desk's events.
  h = await startInquiry({ ORDERS_GRPC_ADDRESS: orders.service.grpcAddress, SUBJECT_PREFIX: orders.subjectPrefix });
  await h.agentOnline('o1', ['order-change'], 10);
});
afterAll(async () => {
  ordersClient?.close();
  await h?.stop();
  await orders?.close();
});

async function orderAt(stage: FulfilmentStage, placedAt = new Date()): Promise<string> {
  const orderId = `TB${randomUUID().slice(0, 8)}`;
  const at = { seconds: Math.floor(placedAt.getTime() / 1000), nanos: 0 };
  await ordersClient.recordOrderPlaced({
    orderId,
    customer: { customerId: 'buyer-9', displayName: '李四' },
    items: [{ sku: 'MUG', title: '马克杯', quantity: 1, unitPrice: { amountMinor: 1999, currency: 'CNY' } }],
    address,
    total: { amountMinor: 1999, currency: 'CNY' },
    placedAt: at,
  });
  const stages = [
    FulfilmentStage.FULFILMENT_STAGE_PAID,
    FulfilmentStage.FULFILMENT_STAGE_PRINTED,
    FulfilmentStage.FULFILMENT_STAGE_PACKED,
    FulfilmentStage.FULFILMENT_STAGE_SHIPPED,
  ];
  for (const s of stages.slice(0, stages.indexOf(stage) + 1)) {
    await ordersClient.recordFulfilmentFact({ orderId, stage: s, occurredAt: at });
  }
  return orderId;
}

describe('an order change asked in a conversation goes to the order desk', () => {
  it.each([
    [FulfilmentStage.FULFILMENT_STAGE_PAID, OrderChangeOutcome.ORDER_CHANGE_OUTCOME_CHANGED],
    [FulfilmentStage.FULFILMENT_STAGE_PRINTED, OrderChangeOutcome.ORDER_CHANGE_OUTCOME_WAREHOUSE_TASK],
    [FulfilmentStage.FULFILMENT_STAGE_SHIPPED, OrderChangeOutcome.ORDER_CHANGE_OUTCOME_HANDED_TO_AFTERSALES],
  ])('order at %s: outcome %s, written into the conversation', async (stage, expected) => {
    const orderId = await orderAt(stage);
    const { conversation } = await h.ingest('我想改地址', { orderId });
    const request = {
      conversationId: conversation!.conversationId,
      agent: agentRef('o1', '张三'),
      orderId: '',
      newAddress: { ...address, street: '文一路99号' },
      idempotencyKey: randomUUID(),
    };
    const result = await h.conversations.requestAddressChange(request);
    expect(result.outcome).toBe(expected);
    expect(result.conversation?.messages.at(-1)).toMatchObject({ kind: 'MESSAGE_KIND_SYSTEM', body: result.summary });
    expect(result.conversation?.record?.handlingSteps).toHaveLength(1);
    // A retry with the same key writes nothing more.
    const retry = await h.conversations.requestAddressChange(request);
    expect(retry.conversation?.messages).toHaveLength(result.conversation!.messages.length);
  });

  it('an unknown order is NOT_FOUND', async () => {
    const { conversation } = await h.ingest('改地址');
    const error = await h.conversations
      .requestAddressChange({
        conversationId: conversation!.conversationId,
        agent: agentRef('o1'),
        orderId: 'no-such-order',
        newAddress: address,
        idempotencyKey: randomUUID(),
      })
      .catch((e) => e);
    expect(error.code).toBe(5);
  });

  it('sales attribution goes to the order desk as the blue flag and counts in the agent’s day', async () => {
    const orderId = await orderAt(FulfilmentStage.FULFILMENT_STAGE_PAID);
    const { conversation } = await h.ingest('下单了', { orderId });
    const { remarkText } = await h.conversations.attributeSale({
      conversationId: conversation!.conversationId,
      orderId,
      salesAgent: agentRef('o1', '张三'),
      idempotencyKey: randomUUID(),
    });
    expect(remarkText).toContain('张三');
  });
});

describe('unpaid orders (催付)', () => {
  it('a payment reminder from the order desk opens a follow-up task; paying closes it', async () => {
    const orderId = await orderAt(FulfilmentStage.FULFILMENT_STAGE_PLACED, new Date(Date.now() - 2 * 60_000));
    const task = await waitFor(
      'follow-up task',
      async () =>
        (await h.desk.listFollowUpTasks({ status: 'FOLLOW_UP_STATUS_OPEN' as never })).tasks.find(
          (t) => t.orderId === orderId,
        ),
      { timeoutMs: 20_000 },
    );
    expect(task.customer?.customerId).toBe('buyer-9');
    await ordersClient.recordFulfilmentFact({
      orderId,
      stage: FulfilmentStage.FULFILMENT_STAGE_PAID,
      occurredAt: { seconds: Math.floor(Date.now() / 1000), nanos: 0 },
    });
    await waitFor('task paid', async () =>
      (await h.desk.listFollowUpTasks({ status: 'FOLLOW_UP_STATUS_PAID' as never })).tasks.some(
        (t) => t.orderId === orderId,
      ),
    );
  });
});
