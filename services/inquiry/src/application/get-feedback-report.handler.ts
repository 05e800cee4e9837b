import type { GetFeedbackReportRequest, GetFeedbackReportResponse } from '@cs/contracts/cs/inquiry/v1/desk_service';
import { Violations } from '@cs/errors';
import { CONFIG } from '@cs/service-kit';
import { MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { halfMonthPeriod } from '../domain/half-month.rule.js';
import { DeskStore } from '../infrastructure/desk.store.js';
import type { InquiryConfig } from '../inquiry.config.js';
import { groupBy } from './conversation-figures.js';

/** Product feedback of one half month, by product, most mentioned first. */
@Injectable()
export class GetFeedbackReportHandler {
  constructor(
    private readonly orm: MikroORM,
    @Inject(CONFIG) private readonly config: InquiryConfig,
  ) {}

  async execute(request: GetFeedbackReportRequest): Promise<GetFeedbackReportResponse> {
    const violations = new Violations();
    if (!Number.isInteger(request.year) || request.year < 2000 || request.year > 2100)
      violations.add('year', 'must be 2000..2100');
    if (!Number.isInteger(request.month) || request.month < 1 || request.month > 12)
      violations.add('month', 'must be 1..12');
    if (request.half !== 1 && request.half !== 2) violations.add('half', 'must be 1 (1st–15th) or 2 (16th–end)');
    violations.throwIfAny();
    const { from, to } = halfMonthPeriod(request.year, request.month, request.half as 1 | 2, this.config.shopTimezone);
    const rows = await DeskStore.feedbackBetween(this.orm.em.fork(), from, to);
    const products = [...groupBy(rows, (r) => r.product)]
      .map(([product, items]) => ({ product, count: items.length, suggestions: items.map((i) => i.suggestion) }))
      .sort((a, b) => b.count - a.count || a.product.localeCompare(b.product));
    return { products, total: rows.length };
  }
}
