import { SlaMetric } from '@cs/contracts/cs/inquiry/v1/conversation';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { outcomesByConversation } from '../infrastructure/reply-check-figures.query.js';
import { ConversationFiguresLoader } from './conversation-figures.loader.js';
import { totalsByKey } from './reply-check-figures.js';
import { readPeriod } from './report-period.js';
import { toTimestamp } from './timestamps.js';

const columns = [
  'conversation_id',
  'opened_at',
  'channel',
  'customer_id',
  'order_id',
  'class',
  'priority',
  'status',
  'team',
  'assignee_id',
  'escalation_level',
  'first_response_minutes',
  'avg_next_response_minutes',
  'resolution_minutes',
  'sla_breached',
  'closed_at',
  'close_reason',
  'problem',
  'result',
  // Reply checks recorded on the conversation (domain.md §6): stopped, sent with a warning, sent unchecked.
  'replies_refused',
  'replies_sent_with_warning',
  'replies_sent_unchecked',
  // The first agent who took it: who answers for its figures in the per-agent report (kept last).
  'accountable_agent_id',
];

/** Quotes a field when needed; a leading = + - @ is neutralised so a spreadsheet never runs it as a formula. */
function csvField(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@]/.test(text) && Number.isNaN(Number(text))) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One row per conversation opened in the period, for spreadsheets. */
@Injectable()
export class ExportConversationsHandler {
  constructor(
    private readonly orm: MikroORM,
    private readonly loader: ConversationFiguresLoader,
  ) {}

  async execute(request: { from?: string; to?: string }): Promise<string> {
    const parse = (raw: string | undefined) => {
      const ms = raw ? Date.parse(raw) : Number.NaN;
      return Number.isNaN(ms) ? undefined : toTimestamp(new Date(ms));
    };
    const { from, to } = readPeriod(parse(request.from), parse(request.to));
    const em = this.orm.em.fork();
    const rows = await this.loader.load(em, from, to);
    const checks = totalsByKey(
      await outcomesByConversation(
        em,
        rows.map((r) => r.conversation.id),
      ),
    );
    const lines = rows.map(({ conversation: c, clocks }) => {
      const checked = checks.get(c.id);
      const next = c.nextResponseMinutes;
      const resolution = clocks.find((k) => k.metric === SlaMetric.SLA_METRIC_RESOLUTION);
      return [
        c.id,
        c.openedAt.toISOString(),
        c.channel,
        c.customer.customerId,
        c.orderId,
        c.conversationClass,
        c.priority,
        c.status,
        c.team,
        c.assigneeId,
        c.escalationLevel,
        c.firstResponseMinutes?.toFixed(2),
        next.length ? (next.reduce((a, b) => a + b, 0) / next.length).toFixed(2) : '',
        resolution?.elapsedMinutes.toFixed(2),
        clocks.some((k) => k.breached),
        c.closedAt?.toISOString(),
        c.closeReason,
        c.problem,
        c.result,
        checked?.refused ?? 0,
        checked?.warned ?? 0,
        checked?.unchecked ?? 0,
        c.accountableAgentId(),
      ]
        .map(csvField)
        .join(',');
    });
    return `${[columns.join(','), ...lines].join('\r\n')}\r\n`;
  }
}
