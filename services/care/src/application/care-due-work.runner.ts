import { DueWorkScheduler } from '@cs/scheduler';
import { CONFIG, LOGGER } from '@cs/service-kit';
import { MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';
import type { CareConfig } from '../care.config.js';
import { KeyCustomerRevisitsWork } from './key-customer-revisits.work.js';
import { NpsRoundWork } from './nps-round.work.js';

/** Care's due work on the shared scheduler (claimed with SKIP LOCKED, safe with N replicas). */
@Injectable()
export class CareDueWorkRunner implements OnApplicationBootstrap, OnModuleDestroy {
  readonly scheduler: DueWorkScheduler;

  constructor(
    orm: MikroORM,
    @Inject(CONFIG) config: CareConfig,
    @Inject(LOGGER) logger: Logger,
    keyCustomerRevisits: KeyCustomerRevisitsWork,
    npsRound: NpsRoundWork,
  ) {
    this.scheduler = new DueWorkScheduler(orm, [keyCustomerRevisits, npsRound], {
      pollMs: config.careDueWorkPollMs,
      batchSize: 100,
      logger,
    });
  }

  onApplicationBootstrap(): void {
    this.scheduler.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.scheduler.stop();
  }
}
