import type {
  GetScoreSheetRequest,
  GetScoreSheetResponse,
  ScoreSheetLine,
} from '@cs/contracts/cs/complaints/v1/reports_service';
import { Violations } from '@cs/errors';
import { CONFIG } from '@cs/service-kit';
import { MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import type { ComplaintsConfig } from '../complaints.config.js';
import { PENALTY_CURRENCY } from '../domain/agent-penalty.rule.js';
import { penaltyRepository } from '../infrastructure/penalty.repository.js';
import { reportQueries } from '../infrastructure/report.queries.js';
import { penaltyView } from './report.view.js';
import { checkMonth, monthRange } from './report-period.js';

/**
 * The monthly reward/penalty score sheet (奖罚评分表): one line per agent who was penalised or
 * handled complaints in the shop-time month. Reversed penalties stay listed (with reversed_at) but
 * count neither in complaints_caused nor in the total.
 */
@Injectable()
export class GetScoreSheetHandler {
  constructor(
    private readonly orm: MikroORM,
    @Inject(CONFIG) private readonly config: Pick<ComplaintsConfig, 'shopTimezone'>,
  ) {}

  async execute(request: GetScoreSheetRequest): Promise<GetScoreSheetResponse> {
    const violations = new Violations();
    checkMonth(request.month, violations);
    violations.throwIfAny();
    const em = this.orm.em.fork();
    const range = monthRange(request.month, this.config.shopTimezone);
    const penalties = await penaltyRepository.ofMonth(em, request.month);
    const handled = await reportQueries.handledBetween(em, range.from, range.to);
    const lines = new Map<string, ScoreSheetLine>();
    const lineOf = (agentId: string, name: string): ScoreSheetLine => {
      let line = lines.get(agentId);
      if (!line) {
        line = {
          agent: { agentId, name },
          complaintsCaused: 0,
          penalties: [],
          penaltyTotal: { amountMinor: 0, currency: PENALTY_CURRENCY },
          complaintsHandled: 0,
        };
        lines.set(agentId, line);
      }
      if (line.agent && !line.agent.name) line.agent.name = name;
      return line;
    };
    for (const penalty of penalties) {
      const line = lineOf(penalty.agentId, penalty.agentName);
      line.penalties.push(penaltyView(penalty));
      if (penalty.reversedAt) continue;
      line.complaintsCaused += 1;
      if (line.penaltyTotal) line.penaltyTotal.amountMinor += penalty.amountMinor;
    }
    for (const h of handled) lineOf(h.agentId, h.name).complaintsHandled = h.handled;
    return {
      month: request.month,
      lines: [...lines.values()].sort((a, b) => (a.agent?.agentId ?? '').localeCompare(b.agent?.agentId ?? '')),
    };
  }
}
