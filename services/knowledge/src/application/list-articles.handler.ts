import type { Actor } from '@cs/auth';
import { ArticleKind, VersionStatus } from '@cs/contracts/cs/knowledge/v1/article';
import type { ListArticlesRequest, ListArticlesResponse } from '@cs/contracts/cs/knowledge/v1/articles_service';
import { checkEnum, checkLength, knownValues, Violations } from '@cs/errors';
import { keysetFilter, keysetPageOf, readKeysetPage } from '@cs/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Article } from '../domain/article.aggregate.js';
import { asJson, TEXT_ARRAY } from '../infrastructure/sql-arrays.js';
import { articleView } from './article.view.js';
import { ARTICLE_LOCALES } from './article-content.validator.js';
import { seesDrafts } from './reader.js';

/** Newest first; readers see published, unarchived articles only. */
@Injectable()
export class ListArticlesHandler {
  constructor(private readonly orm: MikroORM) {}

  async execute(request: ListArticlesRequest, reader: Pick<Actor, 'roles'>): Promise<ListArticlesResponse> {
    const violations = new Violations();
    if (request.kind !== ArticleKind.ARTICLE_KIND_UNSPECIFIED)
      checkEnum(request.kind, knownValues(ArticleKind), 'kind', violations);
    if (request.locale) checkEnum(request.locale, ARTICLE_LOCALES, 'locale', violations);
    checkLength(request.category, 'category', 50, violations);
    checkLength(request.sku, 'sku', 64, violations);
    const page = readKeysetPage(request.page, violations, ['time', 'text']);
    violations.throwIfAny();
    const editor = seesDrafts(reader);
    const where: Record<string, unknown> = {};
    if (request.kind !== ArticleKind.ARTICLE_KIND_UNSPECIFIED) where.kind = request.kind;
    if (request.locale) where.locale = request.locale;
    if (!editor) Object.assign(where, { archived: false, publishedVersion: { $gt: 0 } });
    const em = this.orm.em.fork();
    // Category and SKU live in each version's content: the index rows hold the current ones.
    const channel = editor ? ['published', 'draft'] : ['published'];
    const clauses: string[] = [];
    const params: unknown[] = [];
    if (request.category || request.sku) {
      clauses.push(
        `a.id in (select article_id from article_search where channel = any(${TEXT_ARRAY})
           and (? = '' or category = ?) and (? = '' or skus @> array[?::text]))`,
      );
      params.push(asJson(channel), request.category, request.category, request.sku, request.sku);
    }
    // The newest version is the one in review (versions are stored in order, 1 first).
    if (request.inReviewOnly && editor) {
      clauses.push("a.versions -> (a.latest_version - 1) ->> 'status' = ?");
      params.push(VersionStatus.VERSION_STATUS_IN_REVIEW);
    }
    if (clauses.length) {
      const rows = await em.execute<{ id: string }[]>(
        `select a.id from articles a where ${clauses.join(' and ')}`,
        params,
      );
      where.id = { $in: rows.map((r) => r.id) };
    }
    // Keyset on (updated_at, id): an article edited meanwhile moves to the front instead of shifting pages.
    const after = keysetFilter(
      [
        ['updatedAt', 'desc'],
        ['id', 'asc'],
      ],
      page.after,
    );
    const articles = await em.find(
      Article,
      { ...where, ...after },
      { orderBy: { updatedAt: 'desc', id: 'asc' }, limit: page.limit + 1 },
    );
    const { items, page: next } = keysetPageOf(articles, page, (a) => [a.updatedAt, a.id]);
    return { articles: items.map((a) => articleView(a, { allVersions: editor })), page: next };
  }
}
