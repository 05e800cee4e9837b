import { Outbox } from '@cs/bus';
import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Article } from '../domain/article.aggregate.js';

/** The article's event for the step just taken, in the step's transaction (after the flush: revision is final). */
export async function writeArticlePublished(em: EntityManager, article: Article): Promise<void> {
  const live = article.published()!;
  await Outbox.add(
    em,
    'cs.knowledge.article.published',
    {
      articleId: article.id,
      version: live.version,
      kind: article.kind,
      locale: article.locale,
      title: live.content.title,
      skus: live.content.skus,
      public: live.content.public,
      reviewer: live.reviewer,
      revision: article.revision,
    },
    { aggregateId: article.id, aggregateVersion: article.revision },
  );
}

export async function writeArticleSubmitted(em: EntityManager, article: Article, version: number): Promise<void> {
  const v = article.version(version);
  await Outbox.add(
    em,
    'cs.knowledge.article.submitted_for_review',
    { articleId: article.id, version, title: v.content.title, author: v.author, revision: article.revision },
    { aggregateId: article.id, aggregateVersion: article.revision },
  );
}

export async function writeArticleArchived(em: EntityManager, article: Article, by: AgentRef): Promise<void> {
  await Outbox.add(
    em,
    'cs.knowledge.article.archived',
    { articleId: article.id, archivedBy: by, revision: article.revision },
    { aggregateId: article.id, aggregateVersion: article.revision },
  );
}
