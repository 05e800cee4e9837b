import { transactionWithRetry } from '@cs/persistence';
import { CONFIG, LOGGER } from '@cs/service-kit';
import { MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';
import type { AftersalesConfig } from '../aftersales.config.js';
import { ChaseTask } from '../domain/chase-task.aggregate.js';
import { chaseDecision } from '../domain/daily-follow-up.rule.js';
import { Shipment } from '../domain/shipment.entity.js';
import { claimSilentShipments } from '../infrastructure/chase-task.repository.js';
import { writeChaseTaskEvent } from './chase-task.events.js';

const batchSize = 50;
const HOUR = 3_600_000;

/**
 * 查件: every replica polls for parcels silent past AFTERSALES_CHASE_STALE_AFTER_HOURS and opens
 * one chase task per silence. Shipments are claimed with FOR UPDATE SKIP LOCKED and the task and
 * its event commit together, so replicas never open two; unique indexes back that up. Stops with
 * the module, so no timer outlives shutdown.
 */
@Injectable()
export class ChaseTaskScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly orm: MikroORM,
    @Inject(CONFIG) private readonly config: AftersalesConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.openDueChaseTasks()
        .then(() => undefined)
        .catch((error) => this.logger.error({ err: error }, 'opening chase tasks failed; retrying next poll'))
        .finally(() => this.schedule());
    }, this.config.aftersalesChasePollMs);
    this.timer.unref();
  }

  /** Opens the chase tasks that are due, batch by batch; returns how many were opened. */
  async openDueChaseTasks(now = new Date()): Promise<number> {
    const staleAfterHours = this.config.aftersalesChaseStaleAfterHours;
    const silentSince = new Date(now.getTime() - staleAfterHours * HOUR);
    let opened = 0;
    for (;;) {
      const batch = await transactionWithRetry(this.orm, async (em) => {
        const claimed = await claimSilentShipments(em, silentSince, batchSize);
        let openedNow = 0;
        for (const trackingNumber of claimed) {
          const shipment = await em.findOneOrFail(Shipment, { trackingNumber });
          if (!chaseDecision(shipment, now, staleAfterHours)) continue;
          const task = ChaseTask.open(shipment, now);
          em.persist(task);
          await em.flush();
          await writeChaseTaskEvent(em, 'cs.aftersales.chase_task.opened', task, shipment, now);
          openedNow++;
        }
        return { claimed: claimed.length, openedNow };
      });
      opened += batch.openedNow;
      // Nothing opened from a full batch means the rest would not open either: wait for the next poll.
      if (batch.claimed < batchSize || batch.openedNow === 0 || this.stopped) return opened;
    }
  }
}
