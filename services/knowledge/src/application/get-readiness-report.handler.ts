import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import type { ProductLaunch } from '@cs/contracts/cs/knowledge/v1/article';
import type {
  GetReadinessReportRequest,
  GetReadinessReportResponse,
} from '@cs/contracts/cs/knowledge/v1/articles_service';
import { checkLength, Violations } from '@cs/errors';
import { CONFIG } from '@cs/service-kit';
import { shopDate } from '@cs/shop-time';
import { MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { Article } from '../domain/article.aggregate.js';
import { asJson, UUID_ARRAY } from '../infrastructure/sql-arrays.js';
import { checkDay } from './field-checks.js';

/**
 * New products are learned before they go on sale: for each product article going on sale from
 * `from_date` (default today, shop time), who acknowledged its live version and who has not.
 */
@Injectable()
export class GetReadinessReportHandler {
  constructor(
    private readonly orm: MikroORM,
    @Inject(CONFIG) private readonly config: { shopTimezone: string },
  ) {}

  async execute(request: GetReadinessReportRequest, now = new Date()): Promise<GetReadinessReportResponse> {
    const violations = new Violations();
    if (request.fromDate) checkDay(request.fromDate, 'from_date', violations);
    checkLength(request.sku, 'sku', 64, violations);
    violations.throwIfAny();
    const fromDate = request.fromDate || shopDate(now, this.config.shopTimezone);
    const em = this.orm.em.fork();
    const articles = await em.find(
      Article,
      { onSaleDate: { $gte: fromDate }, archived: false },
      { orderBy: { onSaleDate: 'asc', id: 'asc' }, limit: 500 },
    );
    const launches = articles.filter(
      (a) => !request.sku || (a.published() ?? a.latest()).content.skus.includes(request.sku),
    );
    const acknowledgements = launches.length
      ? await em.execute<{ article_id: string; version: number; agent: AgentRef }[]>(
          `select article_id, version, agent from article_acknowledgements where article_id = any(${UUID_ARRAY})`,
          [asJson(launches.map((a) => a.id))],
        )
      : [];
    return {
      products: launches.map((article) => {
        const live = article.published();
        const read = acknowledgements
          .filter((r) => r.article_id === article.id && r.version === article.publishedVersion)
          .map((r) => r.agent);
        const readIds = new Set(read.map((a) => a.agentId));
        const launch = article.launch as ProductLaunch;
        return {
          articleId: article.id,
          title: (live ?? article.latest()).content.title,
          skus: (live ?? article.latest()).content.skus,
          onSaleDate: launch.onSaleDate,
          published: Boolean(live),
          acknowledged: read,
          notYetRead: launch.requiredReaders.filter((r) => !readIds.has(r.agentId)),
        };
      }),
    };
  }
}
