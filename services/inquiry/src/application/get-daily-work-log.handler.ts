import { ConversationStatus } from '@cs/contracts/cs/inquiry/v1/conversation';
import type { GetDailyWorkLogRequest, GetDailyWorkLogResponse } from '@cs/contracts/cs/inquiry/v1/desk_service';
import { Violations } from '@cs/errors';
import { CONFIG } from '@cs/service-kit';
import { MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { startOfLocalDay } from '../domain/business-hours.rule.js';
import { DeskStore } from '../infrastructure/desk.store.js';
import type { InquiryConfig } from '../inquiry.config.js';
import { summarise } from './conversation-figures.js';
import { ConversationFiguresLoader } from './conversation-figures.loader.js';

const datePattern = /^\d{4}-\d{2}-\d{2}$/;

/** An agent's day in shop time: log lines and the daily figures (conversations, first response, resolved, sales). */
@Injectable()
export class GetDailyWorkLogHandler {
  constructor(
    private readonly orm: MikroORM,
    private readonly loader: ConversationFiguresLoader,
    @Inject(CONFIG) private readonly config: InquiryConfig,
  ) {}

  async execute(request: GetDailyWorkLogRequest): Promise<GetDailyWorkLogResponse> {
    const violations = new Violations().require('agent_id', request.agentId);
    if (!datePattern.test(request.date) || Number.isNaN(Date.parse(request.date)))
      violations.add('date', 'must be a date YYYY-MM-DD');
    violations.throwIfAny();
    const tz = this.config.shopTimezone;
    const from = startOfLocalDay(request.date, tz);
    const to = startOfLocalDay(new Date(Date.parse(request.date) + 86_400_000).toISOString().slice(0, 10), tz);
    const em = this.orm.em.fork();
    const rows = await this.loader.load(em, from, to, { assigneeId: request.agentId });
    const figures = summarise(rows);
    return {
      entries: (await DeskStore.workLog(em, request.agentId, from, to)).map((e) => e.text),
      conversations: figures.conversations,
      resolved: rows.filter((r) => r.conversation.status === ConversationStatus.CONVERSATION_STATUS_CLOSED).length,
      avgFirstResponseMinutes: figures.avgFirstResponseMinutes,
      sales: await DeskStore.salesCount(em, request.agentId, from, to),
    };
  }
}
