import { NotFound } from '@cs/errors';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ChaseTask } from '../domain/chase-task.aggregate.js';
import { Shipment } from '../domain/shipment.entity.js';
import { isUuid } from './case.repository.js';

export async function loadChaseTask(em: EntityManager, id: string): Promise<ChaseTask> {
  const task = isUuid(id) ? await em.findOne(ChaseTask, { id }) : null;
  if (!task) throw new NotFound('chase task', id);
  return task;
}

/** The shipments of these tasks, by tracking number. */
export async function shipmentsOf(em: EntityManager, tasks: ChaseTask[]): Promise<Map<string, Shipment>> {
  const numbers = [...new Set(tasks.map((t) => t.trackingNumber))];
  const shipments = numbers.length ? await em.find(Shipment, { trackingNumber: { $in: numbers } }) : [];
  return new Map(shipments.map((s) => [s.trackingNumber, s]));
}
