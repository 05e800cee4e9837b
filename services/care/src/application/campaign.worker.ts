import { DueWorkScheduler } from '@cs/scheduler';
import { CONFIG, LOGGER } from '@cs/service-kit';
import { MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';
import type { CareConfig } from '../care.config.js';
import { CampaignRunEngine } from './campaign-run.engine.js';
import { HeldMessageRelease } from './held-message.release.js';
import { QueuedEmailSend } from './queued-email.send.js';

/**
 * Every replica continues running campaign runs (a run's pages are serialised by a row lock, so
 * replicas share runs safely), releases held messages when quiet hours end, and sends queued
 * email. A StartCampaignRun wakes it at once; otherwise it polls.
 */
@Injectable()
export class CampaignWorker implements OnApplicationBootstrap, OnModuleDestroy {
  readonly delivery: DueWorkScheduler;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  private again = false;

  constructor(
    orm: MikroORM,
    @Inject(CONFIG) private readonly config: CareConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly engine: CampaignRunEngine,
    held: HeldMessageRelease,
    email: QueuedEmailSend,
  ) {
    this.delivery = new DueWorkScheduler(orm, [held, email], {
      pollMs: config.careCampaignPollMs,
      batchSize: 100,
      logger,
    });
  }

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Continue runs now (after a start) rather than at the next poll. */
  wake(): void {
    if (this.stopped) return;
    // A pass under way may have listed the runs already: go again right after it.
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.pass()
        .catch((error) => this.logger.error({ err: error }, 'campaign work failed; retrying next poll'))
        .finally(() => {
          this.running = undefined;
          const delay = this.again ? 0 : this.config.careCampaignPollMs;
          this.again = false;
          this.schedule(delay);
        });
    }, delayMs);
    this.timer.unref();
  }

  private async pass(): Promise<void> {
    await this.engine.continueRuns(() => this.stopped);
    if (!this.stopped) await this.delivery.tick();
  }
}
