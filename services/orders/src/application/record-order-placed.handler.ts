import { Outbox } from '@cs/bus';
import type { RecordOrderPlacedRequest, RecordOrderPlacedResponse } from '@cs/contracts/cs/orders/v1/orders_service';
import { transactionWithRetry } from '@cs/persistence';
import { CONFIG } from '@cs/service-kit';
import { MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { Order } from '../domain/order.aggregate.js';
import { paymentReminderDueAt } from '../domain/payment-reminder.rule.js';
import { PaymentReminderStore } from '../infrastructure/payment-reminder.store.js';
import type { OrdersConfig } from '../orders.config.js';
import { fromTimestamp, orderView } from './order.view.js';
import { validateRecordOrderPlaced } from './record-order-placed.validator.js';

/**
 * The platform reports a new order; reporting it again returns the order already recorded. A payment
 * reminder is scheduled for it (paying cancels it).
 */
@Injectable()
export class RecordOrderPlacedHandler {
  constructor(
    private readonly orm: MikroORM,
    @Inject(CONFIG) private readonly config: OrdersConfig,
  ) {}

  async execute(request: RecordOrderPlacedRequest): Promise<RecordOrderPlacedResponse> {
    validateRecordOrderPlaced(request);
    return transactionWithRetry(this.orm, async (em) => {
      const existing = await em.findOne(Order, { id: request.orderId });
      if (existing) return { order: orderView(existing) };
      const order = Order.place({
        id: request.orderId,
        customer: request.customer!,
        items: request.items,
        address: request.address!,
        total: request.total!,
        placedAt: fromTimestamp(request.placedAt!),
      });
      em.persist(order);
      await em.flush();
      await PaymentReminderStore.schedule(
        em,
        order.id,
        paymentReminderDueAt(order.placedAt, this.config.ordersPaymentReminderAfterMinutes),
      );
      await Outbox.add(
        em,
        'cs.orders.order.placed',
        { order: orderView(order), orderVersion: order.version },
        {
          aggregateId: order.id,
          aggregateVersion: order.version,
        },
      );
      return { order: orderView(order) };
    });
  }
}
