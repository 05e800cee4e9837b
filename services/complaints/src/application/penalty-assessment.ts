import { Outbox, uuidv7 } from '@cs/bus';
import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import { CONFIG } from '@cs/service-kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import type { ComplaintsConfig } from '../complaints.config.js';
import {
  nextPenaltySequence,
  PENALTY_CURRENCY,
  penaltyAmountMinor,
  penaltyMonth,
  planPenaltyChange,
} from '../domain/agent-penalty.rule.js';
import { type PenaltyRow, penaltyRepository } from '../infrastructure/penalty.repository.js';

/** One recorded analysis of a complaint: the agent it named responsible before and after (undefined: none). */
export interface AnalysisChange {
  complaintId: string;
  before?: AgentRef;
  after?: AgentRef;
  at: Date;
}

type PenaltyConfig = Pick<ComplaintsConfig, 'shopTimezone' | 'complaintsPenaltyBaseMinor'>;

const toTimestamp = (at: Date) => ({ seconds: Math.floor(at.getTime() / 1000), nanos: (at.getTime() % 1000) * 1e6 });

/**
 * Imposes and reverses agent penalties (agent-penalty.rule.ts) inside the caller's RecordAnalysis
 * transaction, writing PenaltyImposed / PenaltyReversed to the outbox in that same transaction.
 * What is in force decides, not `before`: recording the same analysis again changes nothing.
 */
@Injectable()
export class PenaltyAssessment {
  constructor(@Inject(CONFIG) private readonly config: PenaltyConfig) {}

  async apply(em: EntityManager, change: AnalysisChange): Promise<void> {
    const named = change.after?.agentId ? change.after : undefined;
    const inForce = await penaltyRepository.inForceForComplaint(em, change.complaintId);
    const plan = planPenaltyChange(inForce, named?.agentId);
    for (const reversed of plan.reverse) {
      await this.reverse(em, inForce.find((p) => p.penaltyId === reversed.penaltyId) as PenaltyRow, change.at);
    }
    if (plan.imposeOn && named) await this.impose(em, change.complaintId, named, change.at);
  }

  private async impose(em: EntityManager, complaintId: string, agent: AgentRef, at: Date): Promise<void> {
    const month = penaltyMonth(at, this.config.shopTimezone);
    await penaltyRepository.lockAgentMonth(em, agent.agentId, month);
    const sequence = nextPenaltySequence(await penaltyRepository.inForceSequences(em, agent.agentId, month));
    const row: PenaltyRow = {
      penaltyId: uuidv7(),
      complaintId,
      agentId: agent.agentId,
      agentName: agent.name,
      month,
      sequence,
      amountMinor: penaltyAmountMinor(sequence, this.config.complaintsPenaltyBaseMinor),
      currency: PENALTY_CURRENCY,
      imposedAt: at,
    };
    await penaltyRepository.insert(em, row);
    await Outbox.add(
      em,
      'cs.complaints.penalty.imposed',
      {
        penaltyId: row.penaltyId,
        complaintId,
        agent: { agentId: agent.agentId, name: agent.name },
        amount: { amountMinor: row.amountMinor, currency: row.currency },
        month,
        sequence,
        imposedAt: toTimestamp(at),
      },
      { aggregateId: row.penaltyId, aggregateVersion: 1 },
    );
  }

  private async reverse(em: EntityManager, penalty: PenaltyRow, at: Date): Promise<void> {
    await penaltyRepository.markReversed(em, penalty.penaltyId, at);
    await Outbox.add(
      em,
      'cs.complaints.penalty.reversed',
      {
        penaltyId: penalty.penaltyId,
        complaintId: penalty.complaintId,
        agent: { agentId: penalty.agentId, name: penalty.agentName },
        amount: { amountMinor: penalty.amountMinor, currency: penalty.currency },
        month: penalty.month,
        reversedAt: toTimestamp(at),
      },
      { aggregateId: penalty.penaltyId, aggregateVersion: 2 },
    );
  }
}
