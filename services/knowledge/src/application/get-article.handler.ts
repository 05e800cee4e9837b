import type { Actor } from '@cs/auth';
import type { GetArticleRequest, GetArticleResponse } from '@cs/contracts/cs/knowledge/v1/articles_service';
import { NotFound, Violations } from '@cs/errors';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { loadArticle, translationsOf } from '../infrastructure/article.repository.js';
import { articleView } from './article.view.js';
import { checkUuid } from './field-checks.js';
import { seesDrafts } from './reader.js';

/** Editors and reviewers see every version; readers the live one, and nothing of an unpublished or archived article. */
@Injectable()
export class GetArticleHandler {
  constructor(private readonly orm: MikroORM) {}

  async execute(request: GetArticleRequest, reader: Pick<Actor, 'roles'>): Promise<GetArticleResponse> {
    const violations = new Violations();
    checkUuid(request.articleId, 'article_id', violations);
    violations.throwIfAny();
    const em = this.orm.em.fork();
    const article = await loadArticle(em, request.articleId);
    const allVersions = seesDrafts(reader);
    if (!allVersions && (!article.published() || article.archived)) throw new NotFound('article', request.articleId);
    return {
      article: articleView(article, { allVersions, translations: await translationsOf(em, article.id, !allVersions) }),
    };
  }
}
