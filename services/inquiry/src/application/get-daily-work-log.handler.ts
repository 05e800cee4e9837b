import type { Actor } from '@cs/auth';
import type { GetDailyWorkLogRequest, GetDailyWorkLogResponse } from '@cs/contracts/cs/inquiry/v1/desk_service';
import { Violations } from '@cs/errors';
import { CONFIG } from '@cs/service-kit';
import { MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { startOfLocalDay } from '../domain/business-hours.rule.js';
import { agentDayFigures } from '../infrastructure/agent-day.store.js';
import { DeskStore } from '../infrastructure/desk.store.js';
import type { InquiryConfig } from '../inquiry.config.js';
import { ensureMayActFor } from './staff-scope.js';

/** A calendar date that exists: `2026-02-30` is refused, not rolled over into March. */
function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

/**
 * An agent's day in shop time: their log lines and figures, credited to whoever did the work (the
 * conversations they answered, first responses they gave, conversations they closed, sales marked).
 * An agent reads their own day; a supervisor or the manager anyone's.
 */
@Injectable()
export class GetDailyWorkLogHandler {
  constructor(
    private readonly orm: MikroORM,
    @Inject(CONFIG) private readonly config: InquiryConfig,
  ) {}

  async execute(request: GetDailyWorkLogRequest, actor: Actor): Promise<GetDailyWorkLogResponse> {
    const violations = new Violations().require('agent_id', request.agentId);
    if (!isCalendarDate(request.date)) violations.add('date', 'must be a calendar date YYYY-MM-DD');
    violations.throwIfAny();
    ensureMayActFor(actor, request.agentId, 'the work log');
    const tz = this.config.shopTimezone;
    const from = startOfLocalDay(request.date, tz);
    const to = startOfLocalDay(new Date(Date.parse(request.date) + 86_400_000).toISOString().slice(0, 10), tz);
    const em = this.orm.em.fork();
    const figures = await agentDayFigures(em, request.agentId, from, to);
    return {
      entries: (await DeskStore.workLog(em, request.agentId, from, to)).map((e) => e.text),
      ...figures,
      sales: await DeskStore.salesCount(em, request.agentId, from, to),
    };
  }
}
