import { Outbox } from '@cs/bus';
import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import type { OutboxEvent, TableRows } from '@cs/persistence';
import type { ChangeDecision, Order, ShippedOrderChangeRefused } from '../domain/order.aggregate.js';
import type { OrderCommands } from '../infrastructure/order-commands.js';
import { type HandOverDetails, handedToAftersales } from './change-recorder.js';
import { changeView, deskTaskView } from './order.view.js';

/**
 * The lean path's counterpart of recordChange: the same rows and events, as rows to insert with the
 * command's guarded write. `order.version` is already the version the write commits.
 */
export function changeRows(
  commands: OrderCommands,
  order: Order,
  decision: ChangeDecision,
): { inserts: TableRows[]; events: OutboxEvent[] } {
  const meta = { aggregateId: order.id, aggregateVersion: order.version };
  const events = decision.tasks.length
    ? decision.tasks.map((task) =>
        Outbox.event('cs.orders.task.opened', { task: deskTaskView(task), orderVersion: order.version }, meta),
      )
    : [
        Outbox.event(
          'cs.orders.change.completed',
          { change: changeView(decision.change), orderVersion: order.version },
          meta,
        ),
      ];
  return { inserts: [commands.changes.insert([decision.change]), commands.tasks.insert(decision.tasks)], events };
}

/** The lean path's counterpart of recordHandOver: the handed-over change and after-sales' event. */
export function handOverRows(
  commands: OrderCommands,
  order: Order,
  refusal: ShippedOrderChangeRefused,
  requestedBy: AgentRef,
  details: HandOverDetails = {},
): { inserts: TableRows[]; events: OutboxEvent[]; error: { rule: string; message: string } } {
  const event = Outbox.event(
    'cs.orders.order.handed_to_aftersales',
    handedToAftersales(order, refusal, requestedBy, details),
    { aggregateId: order.id, aggregateVersion: order.version },
  );
  return {
    inserts: [commands.changes.insert([refusal.handOver])],
    events: [event],
    error: { rule: refusal.rule, message: refusal.message },
  };
}
