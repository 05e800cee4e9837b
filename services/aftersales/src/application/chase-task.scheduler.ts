import { type DueWork, DueWorkScheduler } from '@cs/scheduler';
import { CONFIG, LOGGER } from '@cs/service-kit';
import { type EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';
import type { AftersalesConfig } from '../aftersales.config.js';
import { ChaseTask } from '../domain/chase-task.aggregate.js';
import { chaseDecision } from '../domain/daily-follow-up.rule.js';
import { Shipment } from '../domain/shipment.entity.js';
import { writeChaseTaskEvent } from './chase-task.events.js';

const batchSize = 50;
const HOUR = 3_600_000;

/**
 * Parcels silent past the stale window whose silence has no task yet, read through the partial
 * index shipments_in_transit (last_update_at where not delivered).
 */
export function chaseTaskWork(staleAfterHours: number): DueWork {
  return {
    name: 'aftersales-chase-task',
    table: 'shipments',
    idColumn: 'tracking_number',
    dueColumn: 'last_update_at',
    where: `not delivered and not exists (select 1 from chase_tasks t where t.tracking_number = shipments.tracking_number
             and (t.status = 'CHASE_TASK_STATUS_OPEN' or t.silent_since = shipments.last_update_at))`,
    dueBy: (now) => new Date(now.getTime() - staleAfterHours * HOUR),
    handle: (em, trackingNumber, now) => openChaseTask(em, trackingNumber, now, staleAfterHours),
  };
}

/** One claimed shipment: the task and its event commit together; the open task ends its claimability. */
async function openChaseTask(em: EntityManager, trackingNumber: string, now: Date, staleAfterHours: number) {
  const shipment = await em.findOneOrFail(Shipment, { trackingNumber });
  if (!chaseDecision(shipment, now, staleAfterHours)) return;
  const task = ChaseTask.open(shipment, now);
  em.persist(task);
  await em.flush();
  await writeChaseTaskEvent(em, 'cs.aftersales.chase_task.opened', task, shipment, now);
}

/**
 * 查件: every replica polls for parcels silent past AFTERSALES_CHASE_STALE_AFTER_HOURS and opens
 * one chase task per silence, through the shared DueWorkScheduler (FOR UPDATE SKIP LOCKED), so
 * replicas never open two; unique indexes back that up. Stops with the module.
 */
@Injectable()
export class ChaseTaskScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly scheduler: DueWorkScheduler;

  constructor(orm: MikroORM, @Inject(CONFIG) config: AftersalesConfig, @Inject(LOGGER) logger: Logger) {
    this.scheduler = new DueWorkScheduler(orm, [chaseTaskWork(config.aftersalesChaseStaleAfterHours)], {
      pollMs: config.aftersalesChasePollMs,
      batchSize,
      logger,
    });
  }

  onApplicationBootstrap(): void {
    this.scheduler.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.scheduler.stop();
  }

  /** Opens the chase tasks that are due at `now`; returns how many shipments were handled. */
  async openDueChaseTasks(now = new Date()): Promise<number> {
    const [tick] = await this.scheduler.tick(now);
    return tick?.handled ?? 0;
  }
}
