import { DueWorkScheduler, type DueWorkTick } from '@cs/scheduler';
import { CONFIG, LOGGER } from '@cs/service-kit';
import { MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';
import { linesWithWaiting } from '../infrastructure/conversation.repository.js';
import type { InquiryConfig } from '../inquiry.config.js';
import { drainQueues } from './assignment.service.js';
import { ConversationReader } from './conversation.reader.js';
import { autoCloseWork, slaWarningWork } from './front-line.works.js';

const batchSize = 100;

/**
 * The front line's clockwork, in every replica: SLA warnings and breaches (a breach escalates one
 * level), auto-close of confirmed, quiet conversations, then draining team queues. The shared
 * DueWorkScheduler claims only due conversations (indexed due times, FOR UPDATE SKIP LOCKED), so
 * replicas share the work, nothing is done twice, and an idle tick reads no conversation.
 */
@Injectable()
export class FrontLineScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly scheduler: DueWorkScheduler;

  constructor(
    orm: MikroORM,
    reader: ConversationReader,
    @Inject(CONFIG) config: InquiryConfig,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.scheduler = new DueWorkScheduler(orm, [slaWarningWork(reader, config), autoCloseWork(config)], {
      pollMs: config.inquirySchedulerPollMs,
      batchSize,
      logger,
      // Closing frees agents: the queues move in the same tick.
      afterTick: async () => {
        await drainQueues(orm, await linesWithWaiting(orm.em.fork()));
      },
    });
  }

  onApplicationBootstrap(): void {
    this.scheduler.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.scheduler.stop();
  }

  /** One pass now (tests, benchmarks): SLA warnings, auto-close, then the queues. */
  tick(now = new Date()): Promise<DueWorkTick[]> {
    return this.scheduler.tick(now);
  }
}
