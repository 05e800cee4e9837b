import type { Actor } from '@cs/auth';
import { ArticleKind } from '@cs/contracts/cs/knowledge/v1/article';
import type { SearchArticlesRequest, SearchArticlesResponse } from '@cs/contracts/cs/knowledge/v1/search_service';
import { checkEnum, checkLength, knownValues, PermissionDenied, Violations } from '@cs/errors';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { searchArticles } from '../infrastructure/article-search.query.js';
import { ARTICLE_LOCALES } from './article-content.validator.js';
import { seesDrafts } from './reader.js';

export const DEFAULT_SEARCH_LIMIT = 10;

/** Checks a search request's fields; shared with the self-service route. */
export function validateSearch(request: SearchArticlesRequest): void {
  const violations = new Violations();
  violations.require('text', request.text);
  checkLength(request.text, 'text', 200, violations);
  if (request.locale) checkEnum(request.locale, ARTICLE_LOCALES, 'locale', violations);
  for (const [i, kind] of request.kinds.entries()) checkEnum(kind, knownValues(ArticleKind), `kinds[${i}]`, violations);
  checkLength(request.category, 'category', 50, violations);
  checkLength(request.sku, 'sku', 64, violations);
  if (!Number.isInteger(request.limit) || request.limit < 0 || request.limit > 50)
    violations.add('limit', 'must be 1..50 (0 means 10)');
  violations.throwIfAny();
}

@Injectable()
export class SearchArticlesHandler {
  constructor(private readonly orm: MikroORM) {}

  async execute(
    request: SearchArticlesRequest,
    reader: Pick<Actor, 'roles'> | 'anonymous',
  ): Promise<SearchArticlesResponse> {
    validateSearch(request);
    const anonymous = reader === 'anonymous';
    if (request.includeDrafts && (anonymous || !seesDrafts(reader)))
      throw new PermissionDenied('only knowledge editors and reviewers search drafts');
    const hits = await searchArticles(this.orm.em.fork(), {
      text: request.text,
      locale: request.locale || undefined,
      kinds: request.kinds,
      category: request.category || undefined,
      sku: request.sku || undefined,
      includeDrafts: request.includeDrafts,
      publicOnly: anonymous,
      limit: request.limit || DEFAULT_SEARCH_LIMIT,
    });
    return {
      hits: hits.map((h) => ({ ...h, kind: h.kind as ArticleKind })),
    };
  }
}
