import { type DueWork, DueWorkScheduler, type DueWorkTick } from '@cs/scheduler';
import { CONFIG, LOGGER } from '@cs/service-kit';
import { type EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';
import { Article } from '../domain/article.aggregate.js';
import { indexArticle } from '../infrastructure/article-index.js';
import type { KnowledgeConfig } from '../knowledge.config.js';
import { writeArticlePublished } from './article.events.js';

const batchSize = 50;

/** Approved versions whose publish time has come, read through the partial index articles_publish_due. */
export const scheduledPublication: DueWork = {
  name: 'article-scheduled-publication',
  table: 'articles',
  idColumn: 'id',
  dueColumn: 'publish_due_at',
  where: 'publish_due_at is not null',
  handle: publishIfDue,
};

/** One claimed article: publication, index row and event commit together; publishing clears its due time. */
async function publishIfDue(em: EntityManager, id: string, now: Date): Promise<void> {
  const article = await em.findOneOrFail(Article, { id });
  const wentLive = article.publishIfDue(now);
  await em.flush();
  if (!wentLive) return;
  await indexArticle(em, article);
  await writeArticlePublished(em, article);
}

/**
 * Scheduled publication: every replica polls every KNOWLEDGE_PUBLISH_POLL_MS; the shared scheduler
 * claims only due articles (FOR UPDATE SKIP LOCKED), so two replicas never publish the same version
 * twice. Stops with the module.
 */
@Injectable()
export class PublicationScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly scheduler: DueWorkScheduler;

  constructor(orm: MikroORM, @Inject(CONFIG) config: KnowledgeConfig, @Inject(LOGGER) logger: Logger) {
    this.scheduler = new DueWorkScheduler(orm, [scheduledPublication], {
      pollMs: config.knowledgePublishPollMs,
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

  /** One pass now (tests, tools): how many articles were claimed and published. */
  tick(now = new Date()): Promise<DueWorkTick[]> {
    return this.scheduler.tick(now);
  }
}
