import { transactionWithRetry } from '@cs/persistence';
import { CONFIG, LOGGER } from '@cs/service-kit';
import { MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';
import { Article } from '../domain/article.aggregate.js';
import { indexArticle } from '../infrastructure/article-index.js';
import type { KnowledgeConfig } from '../knowledge.config.js';
import { writeArticlePublished } from './article.events.js';

const batchSize = 50;

/**
 * Scheduled publication: every replica polls for approved versions whose publish time has come.
 * Articles are claimed with FOR UPDATE SKIP LOCKED and publication, index row and event commit
 * together, so two replicas never publish the same version twice.
 */
@Injectable()
export class PublicationScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly orm: MikroORM,
    @Inject(CONFIG) private readonly config: KnowledgeConfig,
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
      this.running = this.publishDue()
        .then(() => undefined)
        .catch((error) => this.logger.error({ err: error }, 'publishing scheduled articles failed; retrying next poll'))
        .finally(() => this.schedule());
    }, this.config.knowledgePublishPollMs);
    this.timer.unref();
  }

  /** Publishes the scheduled versions that are due; returns how many went live. */
  async publishDue(now = new Date()): Promise<number> {
    let published = 0;
    for (;;) {
      const batch = await transactionWithRetry(this.orm, async (em) => {
        const due = await em.execute<{ id: string }[]>(
          'select id from articles where publish_due_at <= ? order by publish_due_at limit ? for update skip locked',
          [now, batchSize],
        );
        let publishedNow = 0;
        for (const { id } of due) {
          const article = await em.findOneOrFail(Article, { id });
          const wentLive = article.publishIfDue(now);
          await em.flush();
          if (!wentLive) continue;
          await indexArticle(em, article);
          await writeArticlePublished(em, article);
          publishedNow++;
        }
        return { claimed: due.length, publishedNow };
      });
      published += batch.publishedNow;
      if (batch.claimed < batchSize) return published;
    }
  }
}
