import { Outbox } from '@cs/bus';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ChaseTask } from '../domain/chase-task.aggregate.js';
import type { Shipment } from '../domain/shipment.entity.js';
import { chaseTaskView } from './chase-task.view.js';

/** Writes the task's opened or resolved event in the caller's transaction, after the flush that versioned it. */
export async function writeChaseTaskEvent(
  em: EntityManager,
  subject: 'cs.aftersales.chase_task.opened' | 'cs.aftersales.chase_task.resolved',
  task: ChaseTask,
  shipment: Shipment | undefined,
  now: Date,
): Promise<void> {
  await Outbox.add(
    em,
    subject,
    { task: chaseTaskView(task, shipment, now), chaseTaskVersion: task.version },
    { aggregateId: task.id, aggregateVersion: task.version },
  );
}
