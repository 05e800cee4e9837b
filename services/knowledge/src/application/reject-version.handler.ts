import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import type { RejectVersionRequest, RejectVersionResponse } from '@cs/contracts/cs/knowledge/v1/articles_service';
import { checkIdempotencyKey, checkLength, Violations } from '@cs/errors';
import { Injectable } from '@nestjs/common';
import { ArticleStepRunner } from './article-step.runner.js';
import { checkUuid, checkVersionNumber } from './field-checks.js';

@Injectable()
export class RejectVersionHandler {
  constructor(private readonly runner: ArticleStepRunner) {}

  execute(request: RejectVersionRequest, reviewer: AgentRef): Promise<RejectVersionResponse> {
    const violations = new Violations();
    checkUuid(request.articleId, 'article_id', violations);
    checkVersionNumber(request.version, 'version', violations);
    violations.require('reason', request.reason, 'is required: the author needs to know what to change');
    checkLength(request.reason, 'reason', 500, violations);
    checkIdempotencyKey(request.idempotencyKey, violations);
    return this.runner.run('RejectVersion', request, reviewer, violations, (article, _em, at) =>
      article.reject(request.version, reviewer, request.reason, at),
    );
  }
}
