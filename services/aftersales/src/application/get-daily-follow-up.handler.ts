import type { PlatformConfig } from '@cs/config';
import { CaseKind, CaseState } from '@cs/contracts/cs/aftersales/v1/case';
import {
  ChaseTaskStatus,
  type GetDailyFollowUpRequest,
  type GetDailyFollowUpResponse,
} from '@cs/contracts/cs/aftersales/v1/tracking_service';
import { checkTimestamp, Violations } from '@cs/errors';
import { CONFIG } from '@cs/service-kit';
import { startOfShopDay } from '@cs/shop-time';
import { MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { AftersalesCase } from '../domain/aftersales-case.aggregate.js';
import { ChaseTask } from '../domain/chase-task.aggregate.js';
import { shipmentsOf } from '../infrastructure/chase-task.repository.js';
import { caseView } from './case.view.js';
import { chaseTaskView } from './chase-task.view.js';
import { fromTimestamp } from './timestamps.js';

const MAX_ITEMS = 500;

/**
 * The morning list (domain.md §3, daily follow-up): yesterday's leftover cases by kind, and the
 * open chase tasks the background job opened for silent parcels (extend receipt time where flagged).
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
    // Deprecated (the job's AFTERSALES_CHASE_STALE_AFTER_HOURS decides); still checked for old callers.
    const staleAfterHours = request.staleAfterHours;
    if (!Number.isInteger(staleAfterHours) || staleAfterHours < 0 || staleAfterHours > 720)
      violations.add('stale_after_hours', 'must be 0..720 hours (ignored: the chase job has its own threshold)');
    violations.throwIfAny();
    const now = request.asOf ? fromTimestamp(request.asOf) : new Date();
    const today = startOfShopDay(now, this.config.shopTimezone);
    const em = this.orm.em.fork();
    const leftovers = await em.find(
      AftersalesCase,
      { state: { $ne: CaseState.CASE_STATE_CLOSED }, openedAt: { $lt: today } },
      { orderBy: { openedAt: 'asc' }, limit: MAX_ITEMS },
    );
    const tasks = await em.find(
      ChaseTask,
      { status: ChaseTaskStatus.CHASE_TASK_STATUS_OPEN },
      { orderBy: { silentSince: 'asc', id: 'asc' }, limit: MAX_ITEMS },
    );
    const shipments = await shipmentsOf(em, tasks);
    const kinds = Object.values(CaseKind).filter((k) => leftovers.some((c) => c.kind === k));
    return {
      openCases: kinds.map((kind) => ({
        kind,
        cases: leftovers.filter((c) => c.kind === kind).map((c) => caseView(c, now)),
      })),
      chaseTasks: tasks.map((t) => chaseTaskView(t, shipments.get(t.trackingNumber), now)),
    };
  }
}
