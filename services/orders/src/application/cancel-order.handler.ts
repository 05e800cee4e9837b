import { Outbox } from '@cs/bus';
import type { PlatformConfig } from '@cs/config';
import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import { RefundReason } from '@cs/contracts/cs/orders/v1/events';
import {
  CancelOrderOutcome,
  type CancelOrderRequest,
  type CancelOrderResponse,
} from '@cs/contracts/cs/orders/v1/orders_service';
import { runIdempotent, type StoredOutcome } from '@cs/persistence';
import { CONFIG } from '@cs/service-kit';
import { type EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { type CancellationDecision, ShippedOrderChangeRefused } from '../domain/order.aggregate.js';
import { loadOrder } from '../infrastructure/order.repository.js';
import { PaymentReminderStore } from '../infrastructure/payment-reminder.store.js';
import { validateCancelOrder } from './cancel-order.validator.js';
import { changeContext, checkExpectedVersion, retryIdentity } from './change-context.js';
import { recordChange, recordHandOver } from './change-recorder.js';
import { changeView, deskTaskView, orderView, remarkView } from './order.view.js';

/**
 * 拍下付款后不想要: not printed → voided; printed → the warehouse hands back the documents to destroy;
 * packed → the warehouse hands back the parcel and restocks, and the refund request follows the
 * restock; paid orders get a refund request to after-sales; shipped → after-sales intercepts.
 */
@Injectable()
export class CancelOrderHandler {
  constructor(
    private readonly orm: MikroORM,
    @Inject(CONFIG) private readonly config: PlatformConfig,
  ) {}

  /** `actor`: who cancels, from their token; the remark and the refund request name them. */
  execute(request: CancelOrderRequest, actor: AgentRef): Promise<CancelOrderResponse> {
    validateCancelOrder(request);
    return runIdempotent(this.orm, 'CancelOrder', retryIdentity(request, actor), (em) =>
      this.cancel(em, request, actor),
    );
  }

  private async cancel(
    em: EntityManager,
    request: CancelOrderRequest,
    actor: AgentRef,
  ): Promise<StoredOutcome<CancelOrderResponse>> {
    const order = await loadOrder(em, request.orderId);
    checkExpectedVersion(order, request.expectedVersion);
    let decision: CancellationDecision;
    try {
      decision = order.cancel(changeContext(request, actor, this.config.shopTimezone));
    } catch (error) {
      if (!(error instanceof ShippedOrderChangeRefused)) throw error;
      return recordHandOver(em, order, error, actor);
    }
    await recordChange(em, order, decision);
    await PaymentReminderStore.cancel(em, order.id);
    const meta = { aggregateId: order.id, aggregateVersion: order.version };
    await Outbox.add(
      em,
      'cs.orders.order.cancelled',
      {
        orderId: order.id,
        stageAtCancellation: decision.stageAtCancellation,
        voided: decision.voided,
        remark: remarkView(decision.remark),
        orderVersion: order.version,
      },
      meta,
    );
    // Packed: the refund waits for the restock (see restock.ts).
    const refundNow = decision.refund && decision.refundWhen === 'at-cancellation';
    if (refundNow) {
      await Outbox.add(
        em,
        'cs.orders.order.refund_requested',
        {
          orderId: order.id,
          customer: order.customer,
          amount: decision.refund,
          reason: RefundReason.REFUND_REASON_CANCELLED_AFTER_PAYMENT,
          stageAtCancellation: decision.stageAtCancellation,
          requestedBy: actor,
          orderVersion: order.version,
        },
        meta,
      );
    }
    return {
      response: {
        change: changeView(decision.change),
        order: orderView(order),
        remark: remarkView(decision.remark),
        tasks: decision.tasks.map(deskTaskView),
        refundRequested: Boolean(refundNow),
        refundOnRestock: Boolean(decision.refund) && decision.refundWhen === 'on-restock',
        outcome: decision.tasks.length
          ? CancelOrderOutcome.CANCEL_ORDER_OUTCOME_WAREHOUSE_TASK_OPENED
          : CancelOrderOutcome.CANCEL_ORDER_OUTCOME_VOIDED,
      },
    };
  }
}
