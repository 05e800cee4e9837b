import { uuidv7 } from '@cs/bus';
import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import type {
  RecordImprovementProposalRequest,
  RecordImprovementProposalResponse,
} from '@cs/contracts/cs/complaints/v1/reports_service';
import { InvalidArgument, Violations } from '@cs/errors';
import { runIdempotent } from '@cs/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { reportQueries, type StoredProposal } from '../infrastructure/report.queries.js';
import { proposalView } from './report.view.js';

const MAX_TEXT = 2000;

/** An improvement proposal (改进建议) recorded against a cause of the taxonomy; reports list them. */
@Injectable()
export class RecordImprovementProposalHandler {
  constructor(private readonly orm: MikroORM) {}

  /** `agent` is the verified caller: the proposal records who made it. */
  async execute(
    request: RecordImprovementProposalRequest,
    agent: AgentRef,
  ): Promise<RecordImprovementProposalResponse> {
    const cause = request.rootCause;
    const violations = new Violations()
      .require('root_cause.type', cause?.type?.trim())
      .require('root_cause.category', cause?.category?.trim())
      .require('root_cause.subcategory', cause?.subcategory?.trim())
      .require('text', request.text?.trim());
    if (request.text && request.text.length > MAX_TEXT)
      violations.add('text', `must be at most ${MAX_TEXT} characters`);
    violations.require('idempotency_key', request.idempotencyKey, 'is required: a retry must return the first outcome');
    if (request.idempotencyKey && request.idempotencyKey.length > 128)
      violations.add('idempotency_key', 'must be at most 128 characters');
    violations.throwIfAny();
    const root = { type: cause?.type ?? '', category: cause?.category ?? '', subcategory: cause?.subcategory ?? '' };
    if (!(await reportQueries.rootCauseExists(this.orm.em.fork(), root.type, root.category, root.subcategory)))
      throw InvalidArgument.field('root_cause', 'is not a cause of the root-cause taxonomy (ListRootCauses)');
    // Fingerprinted with the caller, so a key reused by someone else is refused.
    const acting = { ...request, agent };
    return runIdempotent(this.orm, 'RecordImprovementProposal', acting, async (em) => {
      const proposal: StoredProposal = {
        proposalId: uuidv7(),
        rootCauseType: root.type,
        rootCauseCategory: root.category,
        rootCauseSubcategory: root.subcategory,
        text: request.text.trim(),
        proposedById: agent.agentId,
        proposedByName: agent.name,
        proposedAt: new Date(),
      };
      await reportQueries.insertProposal(em, proposal);
      return { response: { proposal: proposalView(proposal) } };
    });
  }
}
