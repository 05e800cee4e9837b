import { MalformedEventError, Outbox } from '@cs/bus';
import type { CustomerErasureRequested } from '@cs/contracts/cs/care/v1/events';
import { IdempotencyStore } from '@cs/persistence';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { BankTransfer } from '../domain/bank-transfer.entity.js';
import { DeskTask } from '../domain/desk-task.entity.js';
import { Order } from '../domain/order.aggregate.js';
import { OrderChange } from '../domain/order-change.entity.js';
import { CustomerErasureStore } from '../infrastructure/customer-erasure.store.js';
import { fromTimestamp } from './order.view.js';

/**
 * A customer asked to be forgotten (PIPL): their personal data goes from every table of the order
 * desk (see domain/customer-erasure.ts for what counts), the business facts stay. In the event's
 * transaction, with its inbox row; an erasure already recorded changes nothing more. The orders'
 * versions move on, so a change racing the erasure retries on the erased order.
 */
@Injectable()
export class EraseCustomerHandler {
  async erase(em: EntityManager, event: CustomerErasureRequested): Promise<void> {
    // Acknowledging it would lose a legal request: fail it, so it ends in the dead-letter stream.
    if (!event.erasureId || !event.customerId) {
      throw new MalformedEventError('an erasure request needs erasure_id and customer_id');
    }
    if (await CustomerErasureStore.isRecorded(em, event.erasureId)) return;
    const orders = await em.find(Order, { customer: { customerId: event.customerId } });
    if (orders.length) await this.eraseOrders(em, event.customerId, orders);
    await CustomerErasureStore.record(em, {
      erasureId: event.erasureId,
      customerId: event.customerId,
      requestedAt: event.requestedAt ? fromTimestamp(event.requestedAt) : new Date(),
      requestedBy: event.requestedBy,
      ordersErased: orders.length,
    });
  }

  private async eraseOrders(em: EntityManager, customerId: string, orders: Order[]): Promise<void> {
    const orderIds = orders.map((o) => o.id);
    for (const order of orders) order.eraseCustomerData();
    for (const change of await em.find(OrderChange, { orderId: { $in: orderIds } })) change.eraseCustomerData();
    for (const task of await em.find(DeskTask, { orderId: { $in: orderIds } })) task.eraseCustomerData();
    const transfers = await em.find(BankTransfer, { orderId: { $in: orderIds } });
    for (const transfer of transfers) transfer.erasePayer();
    await em.flush();
    await IdempotencyStore.retireOutcomesNaming(em, customerId);
    await Outbox.forgetPublished(em, [...orderIds, ...transfers.map((t) => t.id)]);
  }
}
