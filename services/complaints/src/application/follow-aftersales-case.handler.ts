import { type AftersalesCase, CaseOutcome, CaseState, OriginSource } from '@cs/contracts/cs/aftersales/v1/case';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ComplaintRepository } from '../infrastructure/complaint.repository.js';
import { ComplaintStepRunner } from './complaint-step.runner.js';

/** After-sales as the actor of the steps its events cause. */
const AFTERSALES = { agentId: 'service:aftersales', name: '售后 (after-sales)' };

export type CaseProgress = 'progressed' | 'completed' | 'rejected';

/**
 * Step 5 (跟进闭环): the complaint follows the after-sales case that carries out its chosen remedy
 * (origin COMPLAINT, reference = complaint id) until it completes, or fails when it is rejected.
 * Cases of other origins, and events for a file no longer executing, change nothing.
 */
@Injectable()
export class FollowAftersalesCaseHandler {
  constructor(private readonly steps: ComplaintStepRunner) {}

  async follow(
    em: EntityManager,
    kase: AftersalesCase | undefined,
    progress: CaseProgress,
    reason = '',
  ): Promise<void> {
    if (kase?.origin?.source !== OriginSource.ORIGIN_SOURCE_COMPLAINT || !kase.origin.reference) return;
    const complaint = await ComplaintRepository.find(em, kase.origin.reference);
    if (!complaint) return;
    await this.steps.apply(em, complaint, AFTERSALES, (c, actor, at) => {
      if (progress === 'rejected') c.caseRejected(kase.caseId, kase.state, reason, actor, at);
      else if (progress === 'completed') c.caseCompleted(kase.caseId, kase.state, actor, at);
      else c.followCase(kase.caseId, kase.state, actor, at);
    });
  }

  /** A closed case: completed unless it closed rejected (a case closed earlier already told us). */
  closedAs(outcome: CaseOutcome, state: CaseState): CaseProgress {
    return outcome === CaseOutcome.CASE_OUTCOME_REJECTED || state === CaseState.CASE_STATE_REJECTED
      ? 'rejected'
      : 'completed';
  }
}
