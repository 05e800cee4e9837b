import type { PlatformConfig } from '@cs/config';
import { CaseKind, CaseState } from '@cs/contracts/cs/aftersales/v1/case';
import type {
  GetDailyFollowUpRequest,
  GetDailyFollowUpResponse,
} from '@cs/contracts/cs/aftersales/v1/tracking_service';
import { Violations } from '@cs/errors';
import { CONFIG } from '@cs/service-kit';
import { startOfShopDay } from '@cs/shop-time';
import { MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { AftersalesCase } from '../domain/aftersales-case.aggregate.js';
import { chaseDecision, DEFAULT_STALE_AFTER_HOURS } from '../domain/daily-follow-up.rule.js';
import { Shipment } from '../domain/shipment.entity.js';
import { caseView } from './case.view.js';
import { checkTimestamp } from './field-checks.js';
import { shipmentView } from './shipment.view.js';
import { fromTimestamp } from './timestamps.js';

const MAX_ITEMS = 500;

/**
 * The morning list (domain.md §3, daily follow-up): yesterday's leftover cases by kind, and
 * parcels with no tracking update for the threshold, to chase (extending receipt time where needed).
 */
@Injectable()
export class GetDailyFollowUpHandler {
  constructor(
    private readonly orm: MikroORM,
    @Inject(CONFIG) private readonly config: PlatformConfig,
  ) {}

  async execute(request: GetDailyFollowUpRequest): Promise<GetDailyFollowUpResponse> {
    const violations = new Violations();
    checkTimestamp(request.asOf, 'as_of', violations, false);
    const staleAfterHours = request.staleAfterHours || DEFAULT_STALE_AFTER_HOURS;
    if (!Number.isInteger(staleAfterHours) || staleAfterHours < 1 || staleAfterHours > 720)
      violations.add('stale_after_hours', 'must be 1..720 hours (0 means 24)');
    violations.throwIfAny();
    const now = request.asOf ? fromTimestamp(request.asOf) : new Date();
    const today = startOfShopDay(now, this.config.shopTimezone);
    const em = this.orm.em.fork();
    const leftovers = await em.find(
      AftersalesCase,
      { state: { $ne: CaseState.CASE_STATE_CLOSED }, openedAt: { $lt: today } },
      { orderBy: { openedAt: 'asc' }, limit: MAX_ITEMS },
    );
    const silentSince = new Date(now.getTime() - staleAfterHours * 3_600_000);
    const silent = await em.find(
      Shipment,
      { delivered: false, lastUpdateAt: { $lte: silentSince } },
      { orderBy: { lastUpdateAt: 'asc' }, limit: MAX_ITEMS },
    );
    const kinds = Object.values(CaseKind).filter((k) => leftovers.some((c) => c.kind === k));
    return {
      openCases: kinds.map((kind) => ({
        kind,
        cases: leftovers.filter((c) => c.kind === kind).map((c) => caseView(c, now)),
      })),
      chaseTasks: silent
        .map((s) => chaseDecision(s, now, staleAfterHours))
        .filter((d) => d !== undefined)
        .map((d) => ({
          shipment: shipmentView(d.shipment),
          hoursSinceUpdate: d.hoursSinceUpdate,
          extendReceiptTime: d.extendReceiptTime,
        })),
    };
  }
}
