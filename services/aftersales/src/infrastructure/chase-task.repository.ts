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

/**
 * Locks up to `limit` undelivered shipments silent since `silentSince` whose silence has no task
 * yet; other replicas skip the locked rows (FOR UPDATE SKIP LOCKED), so each task opens once.
 */
export async function claimSilentShipments(em: EntityManager, silentSince: Date, limit: number): Promise<string[]> {
  const rows = await em.execute<{ tracking_number: string }[]>(
    `select s.tracking_number from shipments s
     where not s.delivered and s.last_update_at <= ?
       and not exists (select 1 from chase_tasks t where t.tracking_number = s.tracking_number
                       and (t.status = 'CHASE_TASK_STATUS_OPEN' or t.silent_since = s.last_update_at))
     order by s.last_update_at limit ? for update of s skip locked`,
    [silentSince, limit],
  );
  return rows.map((r) => r.tracking_number);
}
