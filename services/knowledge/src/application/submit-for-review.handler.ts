import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import type { SubmitForReviewRequest, SubmitForReviewResponse } from '@cs/contracts/cs/knowledge/v1/articles_service';
import { checkIdempotencyKey, Violations } from '@cs/errors';
import { Injectable } from '@nestjs/common';
import { writeArticleSubmitted } from './article.events.js';
import { ArticleStepRunner } from './article-step.runner.js';
import { checkUuid, checkVersionNumber } from './field-checks.js';

@Injectable()
export class SubmitForReviewHandler {
  constructor(private readonly runner: ArticleStepRunner) {}

  execute(request: SubmitForReviewRequest, editor: AgentRef): Promise<SubmitForReviewResponse> {
    const violations = new Violations();
    checkUuid(request.articleId, 'article_id', violations);
    checkVersionNumber(request.version, 'version', violations);
    checkIdempotencyKey(request.idempotencyKey, violations);
    return this.runner.run(
      'SubmitForReview',
      request,
      editor,
      violations,
      (article, _em, at) => article.submit(request.version, at),
      (article, em) => writeArticleSubmitted(em, article, request.version),
    );
  }
}
