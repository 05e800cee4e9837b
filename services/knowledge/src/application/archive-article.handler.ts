import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import type { ArchiveArticleRequest, ArchiveArticleResponse } from '@cs/contracts/cs/knowledge/v1/articles_service';
import { checkIdempotencyKey, Violations } from '@cs/errors';
import { Injectable } from '@nestjs/common';
import { writeArticleArchived } from './article.events.js';
import { ArticleStepRunner } from './article-step.runner.js';
import { checkUuid } from './field-checks.js';

/** Out of search and self-service at once; the versions stay for editors. */
@Injectable()
export class ArchiveArticleHandler {
  constructor(private readonly runner: ArticleStepRunner) {}

  execute(request: ArchiveArticleRequest, actor: AgentRef): Promise<ArchiveArticleResponse> {
    const violations = new Violations();
    checkUuid(request.articleId, 'article_id', violations);
    checkIdempotencyKey(request.idempotencyKey, violations);
    return this.runner.run(
      'ArchiveArticle',
      request,
      actor,
      violations,
      (article, _em, at) => article.archive(at),
      (article, em) => writeArticleArchived(em, article, actor),
    );
  }
}
