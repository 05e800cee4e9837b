import { ArticleKind } from '@cs/contracts/cs/knowledge/v1/article';
import type { CreateArticleRequest } from '@cs/contracts/cs/knowledge/v1/articles_service';
import { checkEnum, checkIdempotencyKey, knownValues, Violations } from '@cs/errors';
import { ARTICLE_LOCALES, checkContent, checkLaunch } from './article-content.validator.js';
import { checkUuid } from './field-checks.js';

export function validateCreateArticle(request: CreateArticleRequest): void {
  const violations = new Violations();
  checkEnum(request.kind, knownValues(ArticleKind), 'kind', violations);
  checkEnum(request.locale, ARTICLE_LOCALES, 'locale', violations);
  checkContent(request.content, request.kind, violations);
  checkLaunch(request.launch, request.kind, violations);
  checkUuid(request.translationOf, 'translation_of', violations, false);
  checkIdempotencyKey(request.idempotencyKey, violations);
  violations.throwIfAny();
}
