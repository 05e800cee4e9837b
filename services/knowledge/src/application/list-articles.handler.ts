import type { Actor } from '@cs/auth';
import { ArticleKind, VersionStatus } from '@cs/contracts/cs/knowledge/v1/article';
import type { ListArticlesRequest, ListArticlesResponse } from '@cs/contracts/cs/knowledge/v1/articles_service';
import { Violations } from '@cs/errors';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Article } from '../domain/article.aggregate.js';
import { asJson, TEXT_ARRAY } from '../infrastructure/sql-arrays.js';
import { articleView } from './article.view.js';
import { ARTICLE_LOCALES } from './article-content.validator.js';
import { checkEnum, checkLength, knownValues } from './field-checks.js';
import { nextPageToken, readPage } from './page-token.js';
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
    const page = readPage(request.page, violations);
    violations.throwIfAny();
    const editor = seesDrafts(reader);
    const where: Record<string, unknown> = {};
    if (request.kind !== ArticleKind.ARTICLE_KIND_UNSPECIFIED) where.kind = request.kind;
    if (request.locale) where.locale = request.locale;
    if (!editor) Object.assign(where, { archived: false, publishedVersion: { $gt: 0 } });
    // Category and SKU live in each version's content: the index rows hold the current ones.
    const channel = editor ? ['published', 'draft'] : ['published'];
    const indexed: string[] = [];
    if (request.category || request.sku) {
      const rows = await this.orm.em.fork().execute<{ article_id: string }[]>(
        `select distinct article_id from article_search
         where channel = any(${TEXT_ARRAY}) and (? = '' or category = ?) and (? = '' or skus @> array[?::text])`,
        [asJson(channel), request.category, request.category, request.sku, request.sku],
      );
      indexed.push(...rows.map((r) => r.article_id));
      where.id = { $in: indexed };
    }
    const articles = await this.orm.em.fork().find(Article, where, {
      orderBy: { updatedAt: 'desc', id: 'asc' },
      limit: page.size + 1,
      offset: page.offset,
    });
    const listed =
      request.inReviewOnly && editor
        ? articles.filter((a) => a.latest().status === VersionStatus.VERSION_STATUS_IN_REVIEW)
        : articles;
    const hasMore = articles.length > page.size;
    return {
      articles: listed.slice(0, page.size).map((a) => articleView(a, { allVersions: editor })),
      page: { nextPageToken: nextPageToken(page, Math.min(articles.length, page.size), hasMore) },
    };
  }
}
