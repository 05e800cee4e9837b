import { type EventContext, OnEvent } from '@cs/bus';
import type { OrderCancelled, OrderPlaced, OrderStageReached } from '@cs/contracts/cs/orders/v1/events';
import { Controller } from '@nestjs/common';
import { OrdersProjection } from '../application/orders-projection.js';

// The subjects below name durable consumers (care + subject): a persisted contract, do not rename.

/** The order desk's events that build customer profiles and loyalty: translation only, written with ctx.em. */
@Controller()
export class OrdersEventsController {
  constructor(private readonly projection: OrdersProjection) {}

  @OnEvent('cs.orders.order.placed')
  async onPlaced(event: OrderPlaced, ctx: EventContext): Promise<void> {
    await this.projection.placed(ctx.em, event, ctx.time);
  }

  @OnEvent('cs.orders.order.stage_reached')
  async onStageReached(event: OrderStageReached, ctx: EventContext): Promise<void> {
    await this.projection.stageReached(ctx.em, event, ctx.time);
  }

  @OnEvent('cs.orders.order.cancelled')
  async onCancelled(event: OrderCancelled, ctx: EventContext): Promise<void> {
    await this.projection.cancelled(ctx.em, event, ctx.time);
  }
}
