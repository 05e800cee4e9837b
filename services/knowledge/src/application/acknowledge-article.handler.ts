import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import type {
  AcknowledgeArticleRequest,
  AcknowledgeArticleResponse,
} from '@cs/contracts/cs/knowledge/v1/articles_service';
import { checkIdempotencyKey, Violations } from '@cs/errors';
import { runIdempotent } from '@cs/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { loadArticle } from '../infrastructure/article.repository.js';
import { actingRequest } from './acting-request.js';
import { checkUuid, checkVersionNumber } from './field-checks.js';
import { toTimestamp } from './timestamps.js';

/** 新品学习: the calling agent has read the live version of a new product's article; once per version. */
@Injectable()
export class AcknowledgeArticleHandler {
  constructor(private readonly orm: MikroORM) {}

  async execute(request: AcknowledgeArticleRequest, agent: AgentRef): Promise<AcknowledgeArticleResponse> {
    const violations = new Violations();
    checkUuid(request.articleId, 'article_id', violations);
    checkVersionNumber(request.version, 'version', violations);
    checkIdempotencyKey(request.idempotencyKey, violations);
    violations.throwIfAny();
    return runIdempotent(this.orm, 'AcknowledgeArticle', actingRequest(request, agent), async (em) => {
      const article = await loadArticle(em, request.articleId);
      article.checkAcknowledgeable(request.version);
      const rows = await em.execute<{ acknowledged_at: Date }[]>(
        `insert into article_acknowledgements (article_id, version, agent_id, agent, acknowledged_at)
         values (?, ?, ?, ?::jsonb, now())
         on conflict (article_id, version, agent_id) do update set agent = excluded.agent
         returning acknowledged_at`,
        [article.id, request.version, agent.agentId, JSON.stringify(agent)],
      );
      return { response: { acknowledgedAt: toTimestamp(rows[0]!.acknowledged_at) } };
    });
  }
}
