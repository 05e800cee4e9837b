import { LOGGER } from '@cs/service-kit';
import { MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';
import { rebuildSearchIndex } from '../infrastructure/search-index.rebuild.js';

/**
 * A new shop vocabulary segments articles differently: at start, when the index was built by
 * another segmentation (its fingerprint differs), it is rebuilt in the background. Searches keep
 * answering from the old index until the rebuild commits.
 */
@Injectable()
export class SearchIndexKeeper implements OnApplicationBootstrap, OnModuleDestroy {
  private running?: Promise<void>;

  constructor(
    private readonly orm: MikroORM,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.running = rebuildSearchIndex(this.orm, { onlyIfStale: true })
      .then((report) => {
        if (report.rebuilt) this.logger.info({ ...report }, 'search index rebuilt for the current shop vocabulary');
      })
      .catch((error) => this.logger.error({ err: error }, 'rebuilding the search index failed; the old one serves'));
  }

  async onModuleDestroy(): Promise<void> {
    await this.running;
  }
}
