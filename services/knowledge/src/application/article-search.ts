import type { ArticleKind } from '@cs/contracts/cs/knowledge/v1/article';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { searchArticles } from '../infrastructure/article-search.query.js';

/** What to look for: a customer's words plus filters. Domain-side: suggestions and gap grouping use it too. */
export interface ArticleQuery {
  text: string;
  /** zh-CN, en; unset: any locale. */
  locale?: string;
  kinds?: ArticleKind[];
  category?: string;
  sku?: string;
  /** Editors and reviewers: the latest unpublished version of each article is searched too. */
  includeDrafts?: boolean;
  /** Anonymous self-service: public articles only. */
  publicOnly?: boolean;
  limit: number;
}

export interface ArticleHit {
  articleId: string;
  title: string;
  /** Higher is better; comparable within one result list only. */
  score: number;
  /** A passage of the article with the matched words in 【】. */
  highlight: string;
}

/** Full-text search over the article index (see infrastructure/article-search.query.ts for how). */
@Injectable()
export class ArticleSearch {
  constructor(private readonly orm: MikroORM) {}

  async search(query: ArticleQuery): Promise<ArticleHit[]> {
    const rows = await searchArticles(this.orm.em.fork(), query);
    return rows.map(({ articleId, title, score, highlight }) => ({ articleId, title, score, highlight }));
  }
}
