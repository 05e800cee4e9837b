import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import { ArticleKind } from '@cs/contracts/cs/knowledge/v1/article';
import type {
  DraftFaqFromGapRequest,
  DraftFaqFromGapResponse,
} from '@cs/contracts/cs/knowledge/v1/suggestions_service';
import { Violations } from '@cs/errors';
import { runIdempotent } from '@cs/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { loadGap } from '../infrastructure/knowledge-gap.repository.js';
import { ArticleDrafting } from './article-drafting.js';
import { gapView } from './gap.view.js';
import { checkId } from './ids.js';
import { checkIdempotencyKey } from './standard-reply.validator.js';

const TITLE_MAX = 200;
const LOCALES = ['', 'zh-CN', 'en'];
/** Where a FAQ drafted from a gap is filed until the editor chooses better. */
export const GAP_FAQ_CATEGORY = '常见问题';

/** An editor answers a gap: a draft FAQ (the editor its author) goes into review as usual; the gap closes. */
@Injectable()
export class DraftFaqFromGapHandler {
  constructor(
    private readonly orm: MikroORM,
    private readonly drafting: ArticleDrafting,
  ) {}

  async execute(request: DraftFaqFromGapRequest, editor: AgentRef): Promise<DraftFaqFromGapResponse> {
    const violations = new Violations();
    checkId('gap_id', request.gapId, violations);
    if (request.title.length > TITLE_MAX) violations.add('title', `must be at most ${TITLE_MAX} characters`);
    violations.require('body', request.body);
    if (request.body.length > 20_000) violations.add('body', 'must be at most 20000 characters');
    if (!LOCALES.includes(request.locale)) violations.add('locale', 'must be zh-CN or en (empty: zh-CN)');
    if (request.category.length > 50) violations.add('category', 'must be at most 50 characters');
    checkIdempotencyKey(request.idempotencyKey, violations);
    violations.throwIfAny();
    const acting = { ...request, editor };
    return runIdempotent(this.orm, 'DraftFaqFromGap', acting, async (em) => {
      const gap = await loadGap(em, request.gapId);
      const article = await this.drafting.draft(
        em,
        {
          kind: ArticleKind.ARTICLE_KIND_FAQ,
          locale: request.locale || 'zh-CN',
          content: {
            title: request.title.trim() || gap.question.slice(0, TITLE_MAX),
            body: request.body,
            category: request.category.trim() || GAP_FAQ_CATEGORY,
            tags: [],
            skus: [],
            public: false,
          },
        },
        editor,
      );
      gap.draftedAs(article.id);
      await em.flush();
      return { response: { gap: gapView(gap), articleId: article.id } };
    });
  }
}
