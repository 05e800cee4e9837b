import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import type {
  RecordCompensationRequest,
  RecordCompensationResponse,
} from '@cs/contracts/cs/complaints/v1/complaints_service';
import { checkLength, checkMoney } from '@cs/errors';
import { Injectable } from '@nestjs/common';
import { ComplaintStepRunner } from './complaint-step.runner.js';

/** Step 5 for a chosen compensation: the amount actually granted (coupon, transfer) ends execution. */
@Injectable()
export class RecordCompensationHandler {
  constructor(private readonly steps: ComplaintStepRunner) {}

  execute(request: RecordCompensationRequest, agent: AgentRef): Promise<RecordCompensationResponse> {
    const violations = ComplaintStepRunner.violations(request);
    checkMoney(request.amount, 'amount', violations, { required: true, positive: true });
    violations.require('reference', request.reference, 'is required: the coupon code or transfer reference');
    checkLength(request.reference, 'reference', 128, violations);
    return this.steps.run('RecordCompensation', request, agent, violations, (complaint, actor, at) =>
      complaint.recordCompensation(request.amount!, request.reference, actor, at),
    );
  }
}
