import { type EventContext, OnEvent } from '@cs/bus';
import type { OrderCancelled, OrderPaymentReminderDue, OrderStageReached } from '@cs/contracts/cs/orders/v1/events';
import { Controller } from '@nestjs/common';
import { OrdersEventsHandler } from '../application/orders-events.handler.js';

// The subjects below name durable consumers (inquiry + subject): a persisted contract, do not rename.

/** The order desk's events the front desk acts on: translation only, written with ctx.em. */
@Controller()
export class OrdersEventsController {
  constructor(private readonly handler: OrdersEventsHandler) {}

  /** 催付: an order still unpaid after the order desk's delay. */
  @OnEvent('cs.orders.order.payment_reminder_due')
  async onPaymentReminderDue(event: OrderPaymentReminderDue, ctx: EventContext): Promise<void> {
    await this.handler.paymentReminderDue(ctx.em, event);
  }

  /** Paid (or further): the follow-up task is done by itself. */
  @OnEvent('cs.orders.order.stage_reached')
  async onStageReached(event: OrderStageReached, ctx: EventContext): Promise<void> {
    await this.handler.stageReached(ctx.em, event);
  }

  /** Cancelled unpaid: nothing left to chase. */
  @OnEvent('cs.orders.order.cancelled')
  async onCancelled(event: OrderCancelled, ctx: EventContext): Promise<void> {
    await this.handler.cancelled(ctx.em, event);
  }
}
