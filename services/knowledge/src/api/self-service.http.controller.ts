import { Public } from '@cs/auth';
import { ArticleKind } from '@cs/contracts/cs/knowledge/v1/article';
import { NotFound, Violations } from '@cs/errors';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { GetArticleHandler } from '../application/get-article.handler.js';
import { SearchArticlesHandler } from '../application/search-articles.handler.js';

/**
 * Customer self-service (自助服务), no token: published PUBLIC articles only. Plain HTTP routes
 * because the access option of an RPC has no anonymous role. Bad input is answered by the
 * platform's HTTP error filter: 400 invalid_argument naming the field.
 */
@Controller('self-service/articles')
@Public()
export class SelfServiceHttpController {
  constructor(
    private readonly search: SearchArticlesHandler,
    private readonly articles: GetArticleHandler,
  ) {}

  /** GET /self-service/articles?q=退货运费&locale=zh-CN&limit=10 */
  @Get()
  async searchPublic(@Query('q') q?: string, @Query('locale') locale?: string, @Query('limit') limit?: string) {
    const parsedLimit = limit === undefined || limit === '' ? 0 : Number(limit);
    const { hits } = await this.search.execute(
      {
        text: q ?? '',
        locale: locale ?? '',
        kinds: [],
        category: '',
        sku: '',
        includeDrafts: false,
        limit: Number.isInteger(parsedLimit) ? parsedLimit : -1,
      },
      'anonymous',
    );
    return {
      hits: hits.map(({ articleId, title, highlight, kind, locale: hitLocale }) => ({
        articleId,
        title,
        highlight,
        kind,
        locale: hitLocale,
      })),
    };
  }

  /** GET /self-service/articles/{id}: the live version of a public article; 404 for anything else. */
  @Get(':articleId')
  async getPublic(@Param('articleId') articleId: string) {
    new Violations().require('article_id', articleId).throwIfAny();
    const { article } = await this.articles.execute({ articleId }, { roles: [] });
    const live = article?.versions[0];
    if (!article || !live?.content?.public) throw new NotFound('article', articleId);
    return {
      articleId: article.articleId,
      kind: article.kind as ArticleKind,
      locale: article.locale,
      version: live.version,
      title: live.content.title,
      body: live.content.body,
      category: live.content.category,
      translations: article.translations,
    };
  }
}
