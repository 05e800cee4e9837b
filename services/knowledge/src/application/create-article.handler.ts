import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import type { CreateArticleRequest, CreateArticleResponse } from '@cs/contracts/cs/knowledge/v1/articles_service';
import { runIdempotent } from '@cs/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { actingRequest } from './acting-request.js';
import { articleView } from './article.view.js';
import { ArticleDrafting } from './article-drafting.js';
import { validateCreateArticle } from './create-article.validator.js';

/** A new article whose first version is a draft by the calling editor. */
@Injectable()
export class CreateArticleHandler {
  constructor(
    private readonly orm: MikroORM,
    private readonly drafting: ArticleDrafting,
  ) {}

  async execute(request: CreateArticleRequest, editor: AgentRef): Promise<CreateArticleResponse> {
    validateCreateArticle(request);
    return runIdempotent(this.orm, 'CreateArticle', actingRequest(request, editor), async (em) => {
      const article = await this.drafting.draft(
        em,
        {
          kind: request.kind,
          locale: request.locale,
          content: request.content!,
          translationOf: request.translationOf || undefined,
          launch: request.launch,
        },
        editor,
      );
      return { response: { article: articleView(article, { allVersions: true }) } };
    });
  }
}
