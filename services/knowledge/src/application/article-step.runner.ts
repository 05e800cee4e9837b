import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import type { Article as ArticleMessage } from '@cs/contracts/cs/knowledge/v1/article';
import type { Violations } from '@cs/errors';
import { runIdempotent } from '@cs/persistence';
import { type EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { Article } from '../domain/article.aggregate.js';
import { loadArticle, translationsOf } from '../infrastructure/article.repository.js';
import { indexArticle } from '../infrastructure/article-index.js';
import { actingRequest } from './acting-request.js';
import { articleView } from './article.view.js';

export interface ArticleStepRequest {
  articleId: string;
  idempotencyKey: string;
}

export type ArticleStep = (article: Article, em: EntityManager, at: Date) => Promise<void> | void;
/** Events of the step, written after the flush so they carry the new revision. */
export type ArticleAfterStep = (article: Article, em: EntityManager) => Promise<void> | void;

/**
 * The shape every step on an article shares: load, let the domain act, save, bring the search
 * index in line and write the events, in one transaction. The outcome is stored under the
 * idempotency key: a retry gets the first response back, not a version-flow refusal.
 */
@Injectable()
export class ArticleStepRunner {
  constructor(private readonly orm: MikroORM) {}

  async run(
    operation: string,
    request: ArticleStepRequest,
    actor: AgentRef,
    violations: Violations,
    step: ArticleStep,
    after?: ArticleAfterStep,
  ): Promise<{ article: ArticleMessage }> {
    violations.throwIfAny();
    return runIdempotent(this.orm, operation, actingRequest(request, actor), async (em) => {
      const article = await loadArticle(em, request.articleId);
      await step(article, em, new Date());
      await em.flush();
      await indexArticle(em, article);
      await after?.(article, em);
      const translations = await translationsOf(em, article.id);
      return { response: { article: articleView(article, { allVersions: true, translations }) } };
    });
  }
}
