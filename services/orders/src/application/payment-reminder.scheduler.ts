import { Outbox } from '@cs/bus';
import { transactionWithRetry } from '@cs/persistence';
import { CONFIG, LOGGER } from '@cs/service-kit';
import { MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';
import { Order } from '../domain/order.aggregate.js';
import { stillAwaitsPayment } from '../domain/payment-reminder.rule.js';
import { PaymentReminderStore } from '../infrastructure/payment-reminder.store.js';
import type { OrdersConfig } from '../orders.config.js';
import { toTimestamp } from './order.view.js';

const batchSize = 50;

/**
 * 催付: every replica polls for due reminders; a reminder is claimed with FOR UPDATE SKIP LOCKED
 * and its event written in the same transaction, so each is sent once however many replicas run,
 * and none is lost to a restart. Stops with the module (no timer outlives shutdown).
 */
@Injectable()
export class PaymentReminderScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly orm: MikroORM,
    @Inject(CONFIG) private readonly config: OrdersConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.sendDueReminders()
        .then(() => undefined)
        .catch((error) => this.logger.error({ err: error }, 'payment reminders failed; retrying next poll'))
        .finally(() => this.schedule());
    }, this.config.ordersSchedulerPollMs);
    this.timer.unref();
  }

  /** Sends what is due, batch by batch; returns how many reminders were sent. */
  async sendDueReminders(): Promise<number> {
    let sent = 0;
    for (;;) {
      const batch = await transactionWithRetry(this.orm, async (em) => {
        const due = await PaymentReminderStore.claimDue(em, batchSize);
        let sentNow = 0;
        for (const orderId of due) {
          const order = await em.findOneOrFail(Order, { id: orderId });
          if (!stillAwaitsPayment(order)) {
            await PaymentReminderStore.settle(em, orderId, 'cancelled');
            continue;
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
          sentNow++;
        }
        return { claimed: due.length, sentNow };
      });
      sent += batch.sentNow;
      if (batch.claimed < batchSize || this.stopped) return sent;
    }
  }
}
