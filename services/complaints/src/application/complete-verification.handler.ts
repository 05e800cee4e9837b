import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import type {
  CompleteVerificationRequest,
  CompleteVerificationResponse,
} from '@cs/contracts/cs/complaints/v1/complaints_service';
import { checkLength } from '@cs/errors';
import { Injectable } from '@nestjs/common';
import { ComplaintStepRunner } from './complaint-step.runner.js';

/** Ends step 2; the required-facts rule refuses it while facts the claimed nature needs are missing. */
@Injectable()
export class CompleteVerificationHandler {
  constructor(private readonly steps: ComplaintStepRunner) {}

  execute(request: CompleteVerificationRequest, agent: AgentRef): Promise<CompleteVerificationResponse> {
    const violations = ComplaintStepRunner.violations(request);
    checkLength(request.note, 'note', 1000, violations);
    return this.steps.run('CompleteVerification', request, agent, violations, (complaint, actor, at) =>
      complaint.completeVerification(request.note, actor, at),
    );
  }
}
