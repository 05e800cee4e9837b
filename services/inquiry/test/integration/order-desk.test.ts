import { randomUUID } from 'node:crypto';
import type { Conversation } from '@cs/contracts/cs/inquiry/v1/conversation';
import { OrderChangeOutcome } from '@cs/contracts/cs/inquiry/v1/conversations_service';
import { FulfilmentStage, type Order } from '@cs/contracts/cs/orders/v1/order';
import { richErrorDetails } from '@cs/grpc';
import { waitFor } from '@cs/testing';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { address, type OrdersHarness, startOrders } from '../../../orders/test/integration/orders-fixture.js';
import { agentRef, frontLine, type InquiryHarness, startInquiry } from './inquiry-fixture.js';

let orders: OrdersHarness;
let h: InquiryHarness;
beforeAll(async () => {
  orders = await startOrders({ ORDERS_PAYMENT_REMINDER_AFTER_MINUTES: '1' });
  // Same subject prefix: inquiry consumes the order desk's events.
  h = await startInquiry({
    ORDERS_GRPC_ADDRESS: orders.sut.service.grpcAddress,
    SUBJECT_PREFIX: orders.sut.subjectPrefix,
  });
  // The order desk's questions of this file come in as order changes or unclassified ('general').
  await h.agentOnline('o1', ['order-change', 'general'], 100);
});

/** The agent who holds these conversations; remarks carry the name their token gives. */
const o1 = () => h.as(frontLine('o1', '张三')).conversations;
afterAll(async () => {
  await h?.stop();
  await orders?.close();
});

const orderAt = (stage: FulfilmentStage, placedAt = new Date()) =>
  orders.orderAt(stage, { customerId: 'buyer-9', placedAt });

const {
  FULFILMENT_STAGE_PLACED: PLACED,
  FULFILMENT_STAGE_PAID: PAID,
  FULFILMENT_STAGE_PRINTED: PRINTED,
  FULFILMENT_STAGE_PACKED: PACKED,
  FULFILMENT_STAGE_SHIPPED: SHIPPED,
} = FulfilmentStage;
const {
  ORDER_CHANGE_OUTCOME_CHANGED: CHANGED,
  ORDER_CHANGE_OUTCOME_WAREHOUSE_TASK: WAREHOUSE_TASK,
  ORDER_CHANGE_OUTCOME_HANDED_TO_AFTERSALES: HANDED_TO_AFTERSALES,
} = OrderChangeOutcome;

interface AskedChange {
  conversationId: string;
  orderId: string;
  idempotencyKey: string;
}
type ChangeName = 'address' | 'attributes' | 'cancellation';

// Each change as the front line asks it, what shows on the order once the desk did it, and the
// reason the desk gives after-sales when the order has shipped.
const changes: Record<
  ChangeName,
  {
    ask(asked: AskedChange): Promise<{ outcome: OrderChangeOutcome; summary: string; conversation?: Conversation }>;
    applied(order: Order): boolean;
    handOverReason: string;
  }
> = {
  address: {
    ask: (asked) =>
      o1().requestAddressChange({
        ...asked,
        newAddress: { ...address, street: '文一路99号' },
      }),
    applied: (order) => order.address?.street === '文一路99号',
    handOverReason: 'HAND_OVER_REASON_ADDRESS_CHANGE',
  },
  attributes: {
    ask: (asked) =>
      o1().requestAttributeChange({
        ...asked,
        sku: 'MUG-RED',
        newSku: 'MUG-BLUE',
        newTitle: '蓝色马克杯',
      }),
    applied: (order) => order.items[0]?.sku === 'MUG-BLUE',
    handOverReason: 'HAND_OVER_REASON_ATTRIBUTE_CHANGE',
  },
  cancellation: {
    ask: (asked) => o1().requestCancellation(asked),
    applied: (order) => order.cancelledAt !== undefined,
    handOverReason: 'HAND_OVER_REASON_CANCELLATION',
  },
};

const orderEvent = (subject: string, orderId: string) =>
  waitFor(`${subject} for ${orderId}`, () => h.events.ofSubject(subject).find((e) => e.data.orderId === orderId));

describe('an order change asked in a conversation goes to the order desk', () => {
  // domain.md §2, as the order desk carries it out (a cancellation before payment is simply voided).
  it.each([
    ['address', PAID, CHANGED],
    ['address', PRINTED, WAREHOUSE_TASK],
    ['address', PACKED, WAREHOUSE_TASK],
    ['address', SHIPPED, HANDED_TO_AFTERSALES],
    ['attributes', PAID, CHANGED],
    ['attributes', PRINTED, WAREHOUSE_TASK],
    ['attributes', PACKED, WAREHOUSE_TASK],
    ['attributes', SHIPPED, HANDED_TO_AFTERSALES],
    ['cancellation', PLACED, CHANGED],
    ['cancellation', PAID, CHANGED],
    ['cancellation', PRINTED, WAREHOUSE_TASK],
    ['cancellation', PACKED, WAREHOUSE_TASK],
    ['cancellation', SHIPPED, HANDED_TO_AFTERSALES],
  ] as const)('%s on an order at %s: %s, written into the conversation once', async (name, stage, expected) => {
    const change = changes[name];
    const orderId = await orderAt(stage);
    const { conversation } = await h.ingest('我想改一下订单', { orderId });
    const asked = { conversationId: conversation!.conversationId, orderId: '', idempotencyKey: randomUUID() };
    const result = await change.ask(asked);
    expect(result.outcome).toBe(expected);
    expect(result.conversation?.messages.at(-1)).toMatchObject({ kind: 'MESSAGE_KIND_SYSTEM', body: result.summary });
    expect(result.conversation?.record?.handlingSteps).toEqual([`${result.summary} ---张三`]);
    const { order } = await orders.grpc.getOrder({ orderId });
    expect(change.applied(order!)).toBe(expected !== HANDED_TO_AFTERSALES);
    if (expected === HANDED_TO_AFTERSALES) {
      expect((await orderEvent('cs.orders.order.handed_to_aftersales', orderId)).data.reason).toBe(
        change.handOverReason,
      );
    }
    // A retry with the same key gets the first answer and writes nothing more.
    const retry = await change.ask(asked);
    expect(retry).toMatchObject({ outcome: result.outcome, summary: result.summary });
    expect(retry.conversation?.messages).toHaveLength(result.conversation!.messages.length);
    expect(retry.conversation?.record?.handlingSteps).toHaveLength(1);
  });

  it('a retry after the customer has written again gets the first answer, not a refusal for a changed request', async () => {
    const orderId = await orderAt(PAID);
    const customerId = `buyer-${randomUUID().slice(0, 8)}`;
    const { conversation } = await h.ingest('我想改地址', { orderId, customerId, sentAt: new Date(Date.now() - 5000) });
    const request = {
      conversationId: conversation!.conversationId,
      orderId: '',
      newAddress: { ...address, street: '文一路99号' },
      idempotencyKey: randomUUID(),
    };
    const first = await o1().requestAddressChange(request);
    const { opened } = await h.ingest('好的，谢谢', { customerId });
    expect(opened).toBe(false);
    const retry = await o1().requestAddressChange(request);
    expect(retry).toMatchObject({ outcome: first.outcome, summary: first.summary });
    expect(retry.conversation?.record?.handlingSteps).toHaveLength(1);
  });

  // 拍下付款后不想要: a paid order not yet shipped is refunded by after-sales (a refund case opens there).
  it.each([
    [PLACED, false],
    [PAID, true],
    [PRINTED, true],
    // Packed: the refund is asked for once the warehouse has restocked the goods (orders' cancel-restock-refund test).
    [PACKED, false],
    [SHIPPED, false],
  ] as const)('cancellation at %s: refund requested from after-sales: %s', async (stage, refund) => {
    const orderId = await orderAt(stage);
    const { conversation } = await h.ingest('拍错了，不想要了', { orderId });
    const result = await o1().requestCancellation({
      conversationId: conversation!.conversationId,
      orderId,
      idempotencyKey: randomUUID(),
    });
    expect(result.refundRequested).toBe(refund);
    expect(result.summary.includes('退款交由售后')).toBe(refund);
    if (refund) {
      const requested = await orderEvent('cs.orders.order.refund_requested', orderId);
      expect(requested.data).toMatchObject({ stageAtCancellation: stage, amount: { amountMinor: 3998 } });
    }
  });

  it.each(Object.keys(changes) as ChangeName[])('%s of an unknown order is NOT_FOUND', async (name) => {
    const { conversation } = await h.ingest('改订单');
    const error = await changes[name]
      .ask({ conversationId: conversation!.conversationId, orderId: 'no-such-order', idempotencyKey: randomUUID() })
      .catch((e) => e);
    expect(error.code).toBe(status.NOT_FOUND);
  });

  it('a cancelled order: every change is refused FAILED_PRECONDITION with the desk’s reason, nothing written', async () => {
    const orderId = await orderAt(PAID);
    const { conversation } = await h.ingest('不要了', { orderId });
    const asked = () => ({ conversationId: conversation!.conversationId, orderId: '', idempotencyKey: randomUUID() });
    const first = await changes.cancellation.ask(asked());
    for (const change of Object.values(changes)) {
      const error = await change.ask(asked()).catch((e) => e);
      expect(error.code).toBe(status.FAILED_PRECONDITION);
      expect(richErrorDetails(error.metadata).reason).toBe('order-desk.cancelled-order-cannot-change');
    }
    const { conversation: after } = await h.conversations.getConversation({
      conversationId: conversation!.conversationId,
    });
    expect(after?.messages).toHaveLength(first.conversation!.messages.length);
  });

  it('an attribute change of a SKU not on the order is refused naming the order desk’s rule', async () => {
    const orderId = await orderAt(PAID);
    const { conversation } = await h.ingest('换个颜色', { orderId });
    const error = await o1()
      .requestAttributeChange({
        conversationId: conversation!.conversationId,
        orderId: '',
        sku: 'NOT-ON-ORDER',
        newSku: 'MUG-BLUE',
        newTitle: '蓝色马克杯',
        idempotencyKey: randomUUID(),
      })
      .catch((e) => e);
    expect(error.code).toBe(status.FAILED_PRECONDITION);
    expect(richErrorDetails(error.metadata).reason).toBe('order-desk.item-not-on-order');
  });

  it('sales attribution goes to the order desk as the blue flag and counts in the agent’s day', async () => {
    const orderId = await orderAt(FulfilmentStage.FULFILMENT_STAGE_PAID);
    const { conversation } = await h.ingest('下单了', { orderId });
    const { remarkText } = await o1().attributeSale({
      conversationId: conversation!.conversationId,
      orderId,
      salesAgent: agentRef('o1', '张三'),
      idempotencyKey: randomUUID(),
    });
    expect(remarkText).toContain('张三');
  });
});

describe('the order desk acts for the agent whose token asked', () => {
  it('inquiry calls with its own identity on the agent’s behalf: the remark is signed by the agent', async () => {
    const orderId = await orderAt(PAID);
    const { conversation } = await h.ingest('我想改地址', { orderId });
    await o1().requestAddressChange({
      conversationId: conversation!.conversationId,
      orderId: '',
      newAddress: { ...address, street: '文一路99号' },
      idempotencyKey: randomUUID(),
    });
    const { order } = await orders.grpc.getOrder({ orderId });
    const remark = order!.remarks.at(-1)!;
    expect(remark.author).toEqual({ agentId: 'o1', name: '张三' });
    expect(remark.text).toMatch(/张三$/);
  });

  it('an agent who may not act on the conversation is refused before the order desk is asked', async () => {
    const orderId = await orderAt(PAID);
    const { conversation } = await h.ingest('我想改地址', { orderId });
    const before = (await orders.grpc.getOrder({ orderId })).order!;
    const error = await h
      .as(frontLine('o2', '王五', 'tracking'))
      .conversations.requestAddressChange({
        conversationId: conversation!.conversationId,
        orderId: '',
        newAddress: { ...address, street: '文一路99号' },
        idempotencyKey: randomUUID(),
      })
      .catch((e) => e);
    expect(error.code).toBe(status.PERMISSION_DENIED);
    expect((await orders.grpc.getOrder({ orderId })).order).toEqual(before);
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
    await orders.grpc.recordFulfilmentFact({
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

  it('an unpaid order the customer cancels in the chat leaves nothing to chase: its task closes as cancelled', async () => {
    const orderId = await orderAt(FulfilmentStage.FULFILMENT_STAGE_PLACED, new Date(Date.now() - 2 * 60_000));
    const openTasks = async () =>
      (await h.desk.listFollowUpTasks({ status: 'FOLLOW_UP_STATUS_OPEN' as never })).tasks.map((t) => t.orderId);
    await waitFor('follow-up task', async () => (await openTasks()).includes(orderId), { timeoutMs: 20_000 });
    const { conversation } = await h.ingest('不想要了，取消订单吧', { orderId, customerId: 'buyer-9' });
    const cancelled = await o1().requestCancellation({
      conversationId: conversation!.conversationId,
      orderId: '',
      idempotencyKey: randomUUID(),
    });
    expect(cancelled.refundRequested).toBe(false);
    await waitFor('task closed as cancelled', async () =>
      (await h.desk.listFollowUpTasks({ status: 'FOLLOW_UP_STATUS_ORDER_CANCELLED' as never })).tasks.some(
        (t) => t.orderId === orderId,
      ),
    );
    expect(await openTasks()).not.toContain(orderId);
  });
});
