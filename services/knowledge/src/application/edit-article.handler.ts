import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import type { EditArticleRequest, EditArticleResponse } from '@cs/contracts/cs/knowledge/v1/articles_service';
import { ConcurrentEdit, checkIdempotencyKey, Violations } from '@cs/errors';
import { Injectable } from '@nestjs/common';
import { checkContent, checkLaunch } from './article-content.validator.js';
import { ArticleStepRunner } from './article-step.runner.js';
import { checkUuid } from './field-checks.js';

/** Every edit makes a new draft version; the published version stays live meanwhile. */
@Injectable()
export class EditArticleHandler {
  constructor(private readonly runner: ArticleStepRunner) {}

  execute(request: EditArticleRequest, editor: AgentRef): Promise<EditArticleResponse> {
    const violations = new Violations();
    checkUuid(request.articleId, 'article_id', violations);
    // The kind is the stored article's; the SKU and launch rules that depend on it are checked in the step.
    checkContent(request.content, 'ARTICLE_KIND_UNSPECIFIED' as never, violations);
    if (!Number.isSafeInteger(request.expectedRevision) || request.expectedRevision < 0)
      violations.add('expected_revision', 'must be a revision returned by GetArticle, or 0');
    checkIdempotencyKey(request.idempotencyKey, violations);
    return this.runner.run('EditArticle', request, editor, violations, (article, _em, at) => {
      if (request.expectedRevision && request.expectedRevision !== article.revision) {
        throw new ConcurrentEdit(
          `article ${article.id} changed since you read it (now revision ${article.revision}, you had ${request.expectedRevision}): reload and edit again`,
        );
      }
      const kindChecks = new Violations();
      checkContent(request.content, article.kind, kindChecks);
      checkLaunch(request.launch, article.kind, kindChecks);
      kindChecks.throwIfAny();
      article.edit(request.content!, request.launch, editor, at);
    });
  }
}
