import type { Channel, ConversationClass } from '@cs/contracts/cs/inquiry/v1/conversation';
import type { GetReportRequest, GetReportResponse } from '@cs/contracts/cs/inquiry/v1/reports_service';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { outcomesByAgent, phrasesByAgent } from '../infrastructure/reply-check-figures.query.js';
import { groupBy, summarise } from './conversation-figures.js';
import { ConversationFiguresLoader } from './conversation-figures.loader.js';
import { agentReplyChecks } from './reply-check-figures.js';
import { readPeriod } from './report-period.js';

/**
 * Response times, SLA met % per agent and team, volumes by class and channel (inquiry hotspots),
 * and each agent's recorded reply checks with the phrases they used most.
 */
@Injectable()
export class GetReportHandler {
  constructor(
    private readonly orm: MikroORM,
    private readonly loader: ConversationFiguresLoader,
  ) {}

  async execute(request: GetReportRequest): Promise<GetReportResponse> {
    const { from, to } = readPeriod(request.from, request.to);
    const em = this.orm.em.fork();
    const rows = await this.loader.load(em, from, to);
    const [outcomes, phrases] = [await outcomesByAgent(em, from, to), await phrasesByAgent(em, from, to)];
    const lines = (groups: Map<string, typeof rows>) =>
      [...groups].map(([key, group]) => ({ key, ...summarise(group) })).sort((a, b) => a.key.localeCompare(b.key));
    return {
      ...summarise(rows),
      agents: lines(groupBy(rows, (r) => r.conversation.accountableAgentId())),
      teams: lines(groupBy(rows, (r) => r.conversation.team)),
      byClass: [...groupBy(rows, (r) => r.conversation.conversationClass)].map(([c, g]) => ({
        conversationClass: c as ConversationClass,
        conversations: g.length,
      })),
      byChannel: [...groupBy(rows, (r) => r.conversation.channel)].map(([c, g]) => ({
        channel: c as Channel,
        conversations: g.length,
      })),
      replyChecks: agentReplyChecks(outcomes, phrases),
    };
  }
}
