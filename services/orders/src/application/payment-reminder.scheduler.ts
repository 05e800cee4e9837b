import { Outbox } from '@cs/bus';
import { type DueWork, DueWorkScheduler } from '@cs/scheduler';
import { CONFIG, LOGGER } from '@cs/service-kit';
import { type EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';
import { Order } from '../domain/order.aggregate.js';
import { stillAwaitsPayment } from '../domain/payment-reminder.rule.js';
import { PaymentReminderStore } from '../infrastructure/payment-reminder.store.js';
import type { OrdersConfig } from '../orders.config.js';
import { toTimestamp } from './order.view.js';

const batchSize = 50;

/** Pending reminders whose time has come, read through the partial index payment_reminders_due. */
export const paymentReminderWork: DueWork = {
  name: 'orders-payment-reminder',
  table: 'payment_reminders',
  idColumn: 'order_id',
  dueColumn: 'due_at',
  where: "status = 'pending'",
  handle: sendReminder,
};

/** One claimed reminder: its event and its settling commit together, so it is sent once. */
async function sendReminder(em: EntityManager, orderId: string): Promise<void> {
  const order = await em.findOneOrFail(Order, { id: orderId });
  if (!stillAwaitsPayment(order)) {
    await PaymentReminderStore.settle(em, orderId, 'cancelled');
    return;
  }
  await Outbox.add(
    em,
    'cs.orders.order.payment_reminder_due',
    {
      orderId: order.id,
      customer: order.customer,
      total: order.total,
      placedAt: toTimestamp(order.placedAt),
      orderVersion: order.version,
    },
    { aggregateId: order.id, aggregateVersion: order.version },
  );
  await PaymentReminderStore.settle(em, orderId, 'sent');
}

/**
 * 催付: every replica polls for due reminders through the shared DueWorkScheduler (FOR UPDATE SKIP
 * LOCKED), so each is sent once however many replicas run, and none is lost to a restart. Stops
 * with the module (no timer outlives shutdown).
 */
@Injectable()
export class PaymentReminderScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly scheduler: DueWorkScheduler;

  constructor(orm: MikroORM, @Inject(CONFIG) config: OrdersConfig, @Inject(LOGGER) logger: Logger) {
    this.scheduler = new DueWorkScheduler(orm, [paymentReminderWork], {
      pollMs: config.ordersSchedulerPollMs,
      batchSize,
      logger,
    });
  }

  onApplicationBootstrap(): void {
    this.scheduler.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.scheduler.stop();
  }

  /** Sends what is due now; returns how many reminders were claimed and sent or settled. */
  async sendDueReminders(now = new Date()): Promise<number> {
    const [tick] = await this.scheduler.tick(now);
    return tick?.handled ?? 0;
  }
}
