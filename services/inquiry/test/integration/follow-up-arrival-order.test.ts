import { randomUUID } from 'node:crypto';
import type { EventPayload } from '@cs/contracts';
import { FollowUpStatus } from '@cs/contracts/cs/inquiry/v1/desk_service';
import { FulfilmentStage } from '@cs/contracts/cs/orders/v1/order';
import { transactionWithRetry } from '@cs/persistence';
import { publishAsProducer } from '@cs/testing';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FollowUpStore } from '../../src/infrastructure/follow-up.store.js';
import { type InquiryHarness, startInquiry } from './inquiry-fixture.js';

// 催付: the reminder and the payment/cancellation come on separate durable consumers, so either may
// be handled first (e.g. the reminder's first delivery failed and was redelivered after the payment).

let h: InquiryHarness;
let nc: NatsConnection;
beforeAll(async () => {
  h = await startInquiry();
  nc = await connect({ servers: h.sut.service.config.natsServers });
});
afterAll(async () => {
  await nc?.drain();
  await h?.stop();
});

type OrdersSubject =
  | 'cs.orders.order.payment_reminder_due'
  | 'cs.orders.order.stage_reached'
  | 'cs.orders.order.cancelled';

/** Publishes as the orders relay does; returns once inquiry's consumer acknowledged (committed) it. */
const publish = <S extends OrdersSubject>(subject: S, payload: EventPayload<S>) =>
  publishAsProducer(nc, { subjectPrefix: h.sut.subjectPrefix, consumer: 'inquiry' }, subject, payload, {
    aggregateId: (payload as { orderId: string }).orderId,
  });

const reminder = (orderId: string, orderVersion = 1) =>
  publish('cs.orders.order.payment_reminder_due', {
    orderId,
    customer: { customerId: 'buyer-late', displayName: '赵六' },
    total: { amountMinor: 5900, currency: 'CNY' },
    placedAt: { seconds: Math.floor(Date.now() / 1000) - 3600, nanos: 0 },
    orderVersion,
  });
const paid = (orderId: string, orderVersion: number, stage = FulfilmentStage.FULFILMENT_STAGE_PAID) =>
  publish('cs.orders.order.stage_reached', {
    orderId,
    stage,
    occurredAt: { seconds: Math.floor(Date.now() / 1000), nanos: 0 },
    orderVersion,
  });
const cancelled = (orderId: string, orderVersion: number) =>
  publish('cs.orders.order.cancelled', {
    orderId,
    stageAtCancellation: FulfilmentStage.FULFILMENT_STAGE_PLACED,
    voided: true,
    orderVersion,
  });

/** The order's task as listed, by status; undefined when the order has none. */
async function taskOf(orderId: string) {
  const statuses = [
    FollowUpStatus.FOLLOW_UP_STATUS_OPEN,
    FollowUpStatus.FOLLOW_UP_STATUS_PAID,
    FollowUpStatus.FOLLOW_UP_STATUS_ORDER_CANCELLED,
    FollowUpStatus.FOLLOW_UP_STATUS_DONE,
  ];
  for (const status of statuses) {
    const task = (await h.desk.listFollowUpTasks({ status })).tasks.find((t) => t.orderId === orderId);
    if (task) return task;
  }
  return undefined;
}

const newOrder = () => `order-${randomUUID()}`;

describe('催付 tasks do not depend on the order the events arrive in', () => {
  it('reminder, then paid: the task opens and closes itself as PAID', async () => {
    const orderId = newOrder();
    await reminder(orderId, 1);
    expect((await taskOf(orderId))?.status).toBe(FollowUpStatus.FOLLOW_UP_STATUS_OPEN);
    await paid(orderId, 2);
    expect((await taskOf(orderId))?.status).toBe(FollowUpStatus.FOLLOW_UP_STATUS_PAID);
  });

  it('paid, then the (redelivered) reminder: no task is opened for the paid order', async () => {
    const orderId = newOrder();
    await paid(orderId, 2);
    await reminder(orderId, 1);
    expect(await taskOf(orderId)).toBeUndefined();
  });

  it('a later stage counts as paid: shipped, then the reminder, opens nothing', async () => {
    const orderId = newOrder();
    await paid(orderId, 4, FulfilmentStage.FULFILMENT_STAGE_SHIPPED);
    await reminder(orderId, 1);
    expect(await taskOf(orderId)).toBeUndefined();
  });

  it('reminder, then cancelled: the task closes as ORDER_CANCELLED', async () => {
    const orderId = newOrder();
    await reminder(orderId, 1);
    await cancelled(orderId, 2);
    expect((await taskOf(orderId))?.status).toBe(FollowUpStatus.FOLLOW_UP_STATUS_ORDER_CANCELLED);
  });

  it('cancelled, then the reminder: no task is opened for the cancelled order', async () => {
    const orderId = newOrder();
    await cancelled(orderId, 2);
    await reminder(orderId, 1);
    expect(await taskOf(orderId)).toBeUndefined();
  });

  it('the same version again (a settled order reminded at the version it was settled at) opens nothing', async () => {
    const orderId = newOrder();
    await cancelled(orderId, 3);
    await reminder(orderId, 3);
    expect(await taskOf(orderId)).toBeUndefined();
  });

  it('a settlement older than the reminder does not stop it: the order was reminded about again since', async () => {
    const orderId = newOrder();
    await paid(orderId, 1);
    await reminder(orderId, 2);
    expect((await taskOf(orderId))?.status).toBe(FollowUpStatus.FOLLOW_UP_STATUS_OPEN);
  });

  it('handled at the same moment by two replicas, a reminder and the payment never leave an open task', async () => {
    // Both transactions take the order's lock, so the second sees what the first wrote whichever wins.
    const orm = h.sut.service.orm;
    const orderIds = Array.from({ length: 30 }, newOrder);
    await Promise.all(
      orderIds.flatMap((orderId) => [
        transactionWithRetry(orm, (em) =>
          FollowUpStore.open(em, {
            orderId,
            customer: { customerId: 'buyer-race', displayName: '' },
            orderVersion: 1,
            at: new Date(),
          }),
        ),
        transactionWithRetry(orm, (em) => FollowUpStore.settle(em, orderId, 2, FollowUpStatus.FOLLOW_UP_STATUS_PAID)),
      ]),
    );
    const open = await orm.em
      .fork()
      .execute<{ order_id: string }[]>('select order_id from follow_up_tasks where status = ? and order_id in (?)', [
        FollowUpStatus.FOLLOW_UP_STATUS_OPEN,
        orderIds,
      ]);
    expect(open).toEqual([]);
  });
});
