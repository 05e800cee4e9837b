import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import type { ArticleContent, ArticleKind, ProductLaunch } from '@cs/contracts/cs/knowledge/v1/article';
import { RuleViolation } from '@cs/errors';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Article } from '../domain/article.aggregate.js';
import { ARTICLE_RULE } from '../domain/version-flow.rule.js';
import { loadArticle } from '../infrastructure/article.repository.js';
import { indexArticle } from '../infrastructure/article-index.js';

export interface ArticleDraft {
  kind: ArticleKind;
  locale: string;
  content: ArticleContent;
  translationOf?: string;
  launch?: ProductLaunch;
}

/**
 * Drafts a new article in the caller's transaction: CreateArticle uses it, and so does turning a
 * gap into a draft FAQ. The caller validates the draft first (article-content.validator.ts).
 */
@Injectable()
export class ArticleDrafting {
  async draft(em: EntityManager, draft: ArticleDraft, author: AgentRef, now = new Date()): Promise<Article> {
    if (draft.translationOf) {
      const source = await loadArticle(em, draft.translationOf);
      if (source.locale === draft.locale) {
        throw new RuleViolation(
          ARTICLE_RULE.translationInAnotherLocale,
          `article ${source.id} is already ${source.locale}: a translation is in another locale`,
        );
      }
    }
    const article = Article.draft({ id: crypto.randomUUID(), ...draft }, author, now);
    em.persist(article);
    await em.flush();
    await indexArticle(em, article);
    return article;
  }
}
