import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import { ComplaintNature, ResponsibleParty, Severity } from '@cs/contracts/cs/complaints/v1/complaint';
import type { RecordAnalysisRequest, RecordAnalysisResponse } from '@cs/contracts/cs/complaints/v1/complaints_service';
import { checkEnum, checkLength, InvalidArgument, knownValues, RuleViolation } from '@cs/errors';
import { Injectable } from '@nestjs/common';
import { RootCauseRepository } from '../infrastructure/root-cause.repository.js';
import { ComplaintStepRunner } from './complaint-step.runner.js';
import { IncidentDetection } from './incident-detection.js';
import { PenaltyAssessment } from './penalty-assessment.js';
import { checkRootCause } from './root-cause.checks.js';

export const ROOT_CAUSE_RETIRED_RULE = 'complaints.analysis.root-cause-retired';

/**
 * Step 3 (分析), or a correction of it: nature, severity, responsibility and root cause. In the
 * same transaction the agent penalties follow the analysis (imposed when it names an agent,
 * reversed when a correction clears them) and emergency mode looks for a spike of this cause.
 */
@Injectable()
export class RecordAnalysisHandler {
  constructor(
    private readonly steps: ComplaintStepRunner,
    private readonly penalties: PenaltyAssessment,
    private readonly incidents: IncidentDetection,
  ) {}

  execute(request: RecordAnalysisRequest, agent: AgentRef): Promise<RecordAnalysisResponse> {
    const violations = ComplaintStepRunner.violations(request);
    checkEnum(request.nature, knownValues(ComplaintNature), 'nature', violations);
    checkEnum(request.severity, knownValues(Severity), 'severity', violations);
    checkEnum(request.responsibleParty, knownValues(ResponsibleParty), 'responsible_party', violations);
    const agentResponsible = request.responsibleParty === ResponsibleParty.RESPONSIBLE_PARTY_AGENT;
    if (agentResponsible)
      violations.require(
        'responsible_agent.agent_id',
        request.responsibleAgent?.agentId,
        'is required when responsible_party is AGENT',
      );
    checkLength(request.responsibleAgent?.agentId, 'responsible_agent.agent_id', 64, violations);
    checkLength(request.responsibleAgent?.name, 'responsible_agent.name', 100, violations);
    checkRootCause(request.rootCause, 'root_cause', violations);
    checkLength(request.note, 'note', 2000, violations);
    return this.steps.run('RecordAnalysis', request, agent, violations, async (complaint, actor, at, em) => {
      const cause = request.rootCause!;
      const entry = await RootCauseRepository.find(em, cause);
      if (!entry) throw InvalidArgument.field('root_cause', 'is not in the root-cause taxonomy (ListRootCauses)');
      if (entry.retired)
        throw new RuleViolation(
          ROOT_CAUSE_RETIRED_RULE,
          `root cause ${cause.type}/${cause.category}/${cause.subcategory} is retired`,
        );
      const responsibleAgent = agentResponsible
        ? {
            agentId: request.responsibleAgent!.agentId,
            name: request.responsibleAgent!.name || request.responsibleAgent!.agentId,
          }
        : undefined;
      const change = complaint.recordAnalysis(
        {
          nature: request.nature,
          severity: request.severity,
          responsibleParty: request.responsibleParty,
          ...(responsibleAgent ? { responsibleAgent } : {}),
          rootCause: { type: cause.type, category: cause.category, subcategory: cause.subcategory },
          note: request.note,
        },
        actor,
        at,
      );
      await this.penalties.apply(em, { complaintId: complaint.id, ...change, at });
      complaint.joinIncident(
        await this.incidents.check(em, { complaintId: complaint.id, skus: complaint.skus, rootCause: cause, at }),
      );
    });
  }
}
