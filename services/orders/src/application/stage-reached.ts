import { Outbox } from '@cs/bus';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FulfilmentStage } from '../domain/fulfilment-stage.js';
import type { Order } from '../domain/order.aggregate.js';
import { PaymentReminderStore } from '../infrastructure/payment-reminder.store.js';
import { toTimestamp } from './order.view.js';

/** After the order moved on (flushed): the event, and paying cancels the payment reminder. */
export async function announceStageReached(
  em: EntityManager,
  order: Order,
  stage: FulfilmentStage,
  occurredAt: Date,
): Promise<void> {
  if (order.isPaid()) await PaymentReminderStore.cancel(em, order.id);
  await Outbox.add(
    em,
    'cs.orders.order.stage_reached',
    { orderId: order.id, stage, occurredAt: toTimestamp(occurredAt), orderVersion: order.version },
    { aggregateId: order.id, aggregateVersion: order.version },
  );
}
