import type { OrderCancelled, OrderPlaced, OrderStageReached } from '@cs/contracts/cs/orders/v1/events';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { isPaidStage, moneyLabel, stageLabel } from '../domain/fulfilment-stage.js';
import { OrderFactsStore } from '../infrastructure/order-facts.store.js';
import { ProfileStore } from '../infrastructure/profile.store.js';
import { TimelineStore } from '../infrastructure/timeline.store.js';
import { CustomerFiguresUpdater } from './customer-figures.updater.js';
import { fromTimestamp } from './timestamps.js';

/** The order desk's events → order facts, contact channels, timeline, then the customer's figures. */
@Injectable()
export class OrdersProjection {
  constructor(
    private readonly profiles: ProfileStore,
    private readonly orders: OrderFactsStore,
    private readonly timeline: TimelineStore,
    private readonly figures: CustomerFiguresUpdater,
  ) {}

  async placed(em: EntityManager, event: OrderPlaced, time: Date): Promise<void> {
    const order = event.order;
    const customerId = order?.customer?.customerId;
    if (!order?.orderId || !customerId) return;
    const placedAt = fromTimestamp(order.placedAt) ?? time;
    const paidAt = fromTimestamp(order.paidAt) ?? (isPaidStage(order.stage) ? placedAt : null);
    await this.profiles.ensure(em, customerId, placedAt, order.customer?.displayName ?? '');
    await this.orders.placed(em, {
      orderId: order.orderId,
      customerId,
      placedAt,
      paidAt,
      cancelledAt: fromTimestamp(order.cancelledAt) ?? null,
      stage: order.stage,
      totalFen: order.total?.amountMinor ?? 0,
      currency: order.total?.currency || 'CNY',
      version: event.orderVersion || order.version,
      items: order.items.map((item) => ({ sku: item.sku, title: item.title, quantity: item.quantity })),
    });
    await this.profiles.notePhone(em, customerId, order.address?.phone ?? '', placedAt);
    await this.timeline.add(em, {
      sourceKey: `order:${order.orderId}:placed`,
      customerId,
      refKind: 'order',
      refId: order.orderId,
      kind: 'order',
      occurredAt: placedAt,
      summary: `order placed, ${moneyLabel(order.total?.amountMinor ?? 0, order.total?.currency ?? '')}`,
    });
    await this.timeline.link(em, 'order', order.orderId, customerId);
    await this.figures.update(em, customerId, time);
  }

  async stageReached(em: EntityManager, event: OrderStageReached, time: Date): Promise<void> {
    if (!event.orderId) return;
    const at = fromTimestamp(event.occurredAt) ?? time;
    const customerId = await this.orders.stageReached(
      em,
      event.orderId,
      event.stage,
      isPaidStage(event.stage),
      at,
      event.orderVersion,
    );
    await this.timeline.add(em, {
      sourceKey: `order:${event.orderId}:stage:${event.stage}`,
      customerId,
      refKind: 'order',
      refId: event.orderId,
      kind: 'order',
      occurredAt: at,
      summary: `order ${stageLabel(event.stage)}`,
    });
    if (customerId) await this.figures.update(em, customerId, time);
  }

  async cancelled(em: EntityManager, event: OrderCancelled, time: Date): Promise<void> {
    if (!event.orderId) return;
    const customerId = await this.orders.cancelled(em, event.orderId, time, event.orderVersion);
    await this.timeline.add(em, {
      sourceKey: `order:${event.orderId}:cancelled`,
      customerId,
      refKind: 'order',
      refId: event.orderId,
      kind: 'order',
      occurredAt: time,
      summary: `order cancelled at ${stageLabel(event.stageAtCancellation)}`,
    });
    if (customerId) await this.figures.update(em, customerId, time);
  }
}
