import { type EventContext, OnEvent } from '@cs/bus';
import type { OrderHandedToAftersales, OrderRefundRequested } from '@cs/contracts/cs/orders/v1/events';
import { Controller } from '@nestjs/common';
import { OpenCaseFromOrdersHandler } from '../application/open-case-from-orders.handler.js';

// The subjects below name durable consumers (aftersales + subject): a persisted contract, do not rename.

/** The order desk's events that open after-sales cases: translation only, written with ctx.em. */
@Controller()
export class OrdersEventsController {
  constructor(private readonly openCaseFromOrders: OpenCaseFromOrdersHandler) {}

  /** A cancellation before shipping: refund the customer. */
  @OnEvent('cs.orders.order.refund_requested')
  async onRefundRequested(event: OrderRefundRequested, ctx: EventContext): Promise<void> {
    await this.openCaseFromOrders.refundRequested(ctx.em, event, ctx.eventId);
  }

  /** A change or cancellation asked after shipping: intercept or exchange. */
  @OnEvent('cs.orders.order.handed_to_aftersales')
  async onHandedToAftersales(event: OrderHandedToAftersales, ctx: EventContext): Promise<void> {
    await this.openCaseFromOrders.handedOver(ctx.em, event, ctx.eventId);
  }
}
