import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import type { ApproveVersionRequest, ApproveVersionResponse } from '@cs/contracts/cs/knowledge/v1/articles_service';
import { checkIdempotencyKey, checkLength, checkTimestamp, Violations } from '@cs/errors';
import { Injectable } from '@nestjs/common';
import type { ApprovalOutcome } from '../domain/article.aggregate.js';
import { writeArticlePublished } from './article.events.js';
import { ArticleStepRunner } from './article-step.runner.js';
import { checkUuid, checkVersionNumber } from './field-checks.js';
import { fromTimestamp } from './timestamps.js';

/** The reviewer (never the author) publishes the version now or schedules it. */
@Injectable()
export class ApproveVersionHandler {
  constructor(private readonly runner: ArticleStepRunner) {}

  execute(request: ApproveVersionRequest, reviewer: AgentRef): Promise<ApproveVersionResponse> {
    const violations = new Violations();
    checkUuid(request.articleId, 'article_id', violations);
    checkVersionNumber(request.version, 'version', violations);
    checkTimestamp(request.publishAt, 'publish_at', violations, false);
    checkLength(request.note, 'note', 500, violations);
    checkIdempotencyKey(request.idempotencyKey, violations);
    let outcome: ApprovalOutcome = 'published';
    return this.runner.run(
      'ApproveVersion',
      request,
      reviewer,
      violations,
      (article, _em, at) => {
        const publishAt = request.publishAt ? fromTimestamp(request.publishAt) : undefined;
        outcome = article.approve(request.version, reviewer, publishAt, request.note, at);
      },
      (article, em) => (outcome === 'published' ? writeArticlePublished(em, article) : undefined),
    );
  }
}
