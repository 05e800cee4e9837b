import { Outbox } from '@cs/bus';
import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import type { OrderHandedToAftersales } from '@cs/contracts/cs/orders/v1/events';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ChangeDecision, Order, ShippedOrderChangeRefused } from '../domain/order.aggregate.js';
import { changeView, deskTaskView } from './order.view.js';

/**
 * Saves what a change request decided, with its events, in the caller's transaction: the change,
 * its tasks (one `task.opened` each, for the warehouse or the printing desk), and `change.completed`
 * when it needed no task. The order's version guards the commit: the stage it saw is the stage at commit.
 */
export async function recordChange(em: EntityManager, order: Order, decision: ChangeDecision): Promise<void> {
  em.persist(decision.change);
  for (const task of decision.tasks) em.persist(task);
  await em.flush();
  const meta = { aggregateId: order.id, aggregateVersion: order.version };
  for (const task of decision.tasks) {
    await Outbox.add(em, 'cs.orders.task.opened', { task: deskTaskView(task), orderVersion: order.version }, meta);
  }
  if (!decision.tasks.length) {
    await Outbox.add(
      em,
      'cs.orders.change.completed',
      { change: changeView(decision.change), orderVersion: order.version },
      meta,
    );
  }
}

/**
 * What a hand-over carries besides the order and the refusal, by reason: the address the customer
 * wanted (address change), or the bought line and the item wanted instead (attribute change).
 */
export type HandOverDetails = Pick<OrderHandedToAftersales, 'requestedAddress' | 'boughtItem' | 'wantedItem'>;

/** A shipped order: the change is recorded as handed over, and after-sales is told. */
export async function recordHandOver(
  em: EntityManager,
  order: Order,
  refusal: ShippedOrderChangeRefused,
  requestedBy: AgentRef,
  details: HandOverDetails = {},
): Promise<{ error: { rule: string; message: string } }> {
  em.persist(refusal.handOver);
  await em.flush();
  await Outbox.add(
    em,
    'cs.orders.order.handed_to_aftersales',
    handedToAftersales(order, refusal, requestedBy, details),
    { aggregateId: order.id, aggregateVersion: order.version },
  );
  return { error: { rule: refusal.rule, message: refusal.message } };
}

/** What after-sales is told of a shipped order's change it now handles. */
export function handedToAftersales(
  order: Order,
  refusal: ShippedOrderChangeRefused,
  requestedBy: AgentRef,
  details: HandOverDetails,
): OrderHandedToAftersales {
  return {
    orderId: order.id,
    reason: refusal.reason,
    customer: order.customer,
    ...details,
    requestedBy,
    orderVersion: order.version,
  };
}
