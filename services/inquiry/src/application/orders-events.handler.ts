import { FollowUpStatus } from '@cs/contracts/cs/inquiry/v1/desk_service';
import type { OrderCancelled, OrderPaymentReminderDue, OrderStageReached } from '@cs/contracts/cs/orders/v1/events';
import { FulfilmentStage } from '@cs/contracts/cs/orders/v1/order';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { FollowUpStore } from '../infrastructure/follow-up.store.js';
import { fromTimestamp } from './timestamps.js';

/**
 * 催付: the order desk says an order is still unpaid → a follow-up task; paying or cancelling closes
 * it. The events arrive in any order: a reminder handled after the payment opens nothing.
 */
@Injectable()
export class OrdersEventsHandler {
  async paymentReminderDue(em: EntityManager, event: OrderPaymentReminderDue): Promise<void> {
    await FollowUpStore.open(em, {
      orderId: event.orderId,
      customer: event.customer ?? { customerId: '', displayName: '' },
      total: event.total,
      orderVersion: event.orderVersion,
      at: event.placedAt ? fromTimestamp(event.placedAt) : new Date(),
    });
  }

  async stageReached(em: EntityManager, event: OrderStageReached): Promise<void> {
    if (
      event.stage === FulfilmentStage.FULFILMENT_STAGE_UNSPECIFIED ||
      event.stage === FulfilmentStage.FULFILMENT_STAGE_PLACED
    )
      return;
    await FollowUpStore.settle(em, event.orderId, event.orderVersion, FollowUpStatus.FOLLOW_UP_STATUS_PAID);
  }

  async cancelled(em: EntityManager, event: OrderCancelled): Promise<void> {
    await FollowUpStore.settle(em, event.orderId, event.orderVersion, FollowUpStatus.FOLLOW_UP_STATUS_ORDER_CANCELLED);
  }
}
