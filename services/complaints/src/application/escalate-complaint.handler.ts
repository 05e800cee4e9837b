import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import type {
  EscalateComplaintRequest,
  EscalateComplaintResponse,
} from '@cs/contracts/cs/complaints/v1/complaints_service';
import { checkLength } from '@cs/errors';
import { Injectable } from '@nestjs/common';
import { ComplaintStepRunner } from './complaint-step.runner.js';

/** An agent who cannot resolve it hands it up: agent → supervisor → manager. */
@Injectable()
export class EscalateComplaintHandler {
  constructor(private readonly steps: ComplaintStepRunner) {}

  execute(request: EscalateComplaintRequest, agent: AgentRef): Promise<EscalateComplaintResponse> {
    const violations = ComplaintStepRunner.violations(request);
    violations.require('reason', request.reason, 'is required: why the file goes up');
    checkLength(request.reason, 'reason', 500, violations);
    return this.steps.run('EscalateComplaint', request, agent, violations, (complaint, actor, at) => {
      complaint.escalate(request.reason, false, actor, at);
    });
  }
}
