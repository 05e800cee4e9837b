import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import type {
  ProposeRemediesToIncidentRequest,
  ProposeRemediesToIncidentResponse,
  SkippedComplaint,
} from '@cs/contracts/cs/complaints/v1/incidents_service';
import { checkIdempotencyKey, NotFound, RuleViolation, Violations } from '@cs/errors';
import { runIdempotent } from '@cs/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ComplaintRepository } from '../infrastructure/complaint.repository.js';
import { IncidentRepository } from '../infrastructure/incident.repository.js';
import { actingRequest } from './acting-request.js';
import { ComplaintStepRunner } from './complaint-step.runner.js';
import { checkIncidentId } from './get-incident.handler.js';
import { checkProposedRemedies, proposedOptions } from './propose-remedies.handler.js';

export const INCIDENT_RULE = {
  proposeWhileOpen: 'complaints.incident.propose-while-open',
  closeOnce: 'complaints.incident.close-once',
} as const;

/**
 * Emergency mode: one round with the same options for every file of the incident that is waiting
 * for a proposal, each as its own step (history, deadline, event) in one transaction. A file the
 * proposal rules keep out (not yet analysed, a round still open, archived) is reported as skipped
 * with the rule's name instead of failing the others.
 */
@Injectable()
export class ProposeRemediesToIncidentHandler {
  constructor(
    private readonly orm: MikroORM,
    private readonly steps: ComplaintStepRunner,
  ) {}

  async execute(
    request: ProposeRemediesToIncidentRequest,
    agent: AgentRef,
  ): Promise<ProposeRemediesToIncidentResponse> {
    const violations = checkIncidentId(request.incidentId, new Violations());
    checkProposedRemedies(request.options, violations);
    checkIdempotencyKey(request.idempotencyKey, violations);
    violations.throwIfAny();
    const options = proposedOptions(request.options);
    return runIdempotent(this.orm, 'ProposeRemediesToIncident', actingRequest(request, agent), async (em) => {
      // Locked, so a close in flight waits and members do not change under the round.
      const incident = await IncidentRepository.find(em, request.incidentId, { lock: true });
      if (!incident) throw new NotFound('incident', request.incidentId);
      if (incident.closedAt)
        throw new RuleViolation(
          INCIDENT_RULE.proposeWhileOpen,
          'this incident is closed: propose to each file instead',
        );
      const proposed: string[] = [];
      const skipped: SkippedComplaint[] = [];
      for (const complaintId of await IncidentRepository.complaintIds(em, incident.incidentId)) {
        const complaint = await ComplaintRepository.load(em, complaintId);
        try {
          await this.steps.apply(em, complaint, agent, (file, actor, at) => {
            file.proposeRemedies(options, actor, at);
          });
          proposed.push(complaintId);
        } catch (error) {
          // The domain refuses before changing anything, so the file is left as it was.
          if (!(error instanceof RuleViolation)) throw error;
          skipped.push({ complaintId, reason: error.rule });
        }
      }
      return { response: { proposedComplaintIds: proposed, skipped } };
    });
  }
}
