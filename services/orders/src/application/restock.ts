import { Outbox } from '@cs/bus';
import { RefundReason } from '@cs/contracts/cs/orders/v1/events';
import { ChangeKind } from '@cs/contracts/cs/orders/v1/order';
import type { EntityManager } from '@mikro-orm/postgresql';
import { changeHandling } from '../domain/fulfilment-stage-table.rule.js';
import type { Order } from '../domain/order.aggregate.js';
import type { OrderChange } from '../domain/order-change.entity.js';
import { StockLevel } from '../domain/stock-level.entity.js';

/**
 * The warehouse restocked a cancelled packed order (入库), in the task's transaction: every line's
 * quantity goes back onto its SKU's stock level (a SKU never reported starts from 0, as the shipping
 * promise counts it), and only now is after-sales asked to refund a paid order: packed → parcel
 * back, restock, then refund (domain.md §2).
 */
export async function recordRestock(em: EntityManager, order: Order, change: OrderChange, at: Date): Promise<void> {
  const skus = [...new Set(order.items.map((i) => i.sku))];
  const levels = await em.find(StockLevel, { sku: { $in: skus } });
  for (const item of order.items) {
    let level = levels.find((l) => l.sku === item.sku);
    if (!level) {
      level = StockLevel.first(item.sku);
      levels.push(level);
      em.persist(level);
    }
    level.restock(item.quantity, at);
  }
  await em.flush();
  const handling = changeHandling(ChangeKind.CHANGE_KIND_CANCELLATION, change.stageAtCommit);
  if (handling.kind !== 'carry-out' || !handling.requestRefund || handling.refundWhen !== 'on-restock') return;
  await Outbox.add(
    em,
    'cs.orders.order.refund_requested',
    {
      orderId: order.id,
      customer: order.customer,
      amount: order.total,
      reason: RefundReason.REFUND_REASON_CANCELLED_AFTER_PAYMENT,
      stageAtCancellation: change.stageAtCommit,
      // The agent who cancelled asked for the refund; the warehouse only made it due.
      requestedBy: change.requestedBy,
      orderVersion: order.version,
    },
    { aggregateId: order.id, aggregateVersion: order.version },
  );
}
