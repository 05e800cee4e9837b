import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import { AgreementChannel } from '@cs/contracts/cs/complaints/v1/complaint';
import type { ConfirmResultRequest, ConfirmResultResponse } from '@cs/contracts/cs/complaints/v1/complaints_service';
import { checkEnum, checkLength, knownValues } from '@cs/errors';
import { Injectable } from '@nestjs/common';
import { ComplaintStepRunner } from './complaint-step.runner.js';
import { StepDeadlines } from './step-deadlines.js';

/** Step 6 (确认归档): the customer confirms the result; the file is archived and the revisit falls due. */
@Injectable()
export class ConfirmResultHandler {
  constructor(
    private readonly steps: ComplaintStepRunner,
    private readonly deadlines: StepDeadlines,
  ) {}

  execute(request: ConfirmResultRequest, agent: AgentRef): Promise<ConfirmResultResponse> {
    const violations = ComplaintStepRunner.violations(request);
    checkEnum(request.confirmedVia, knownValues(AgreementChannel), 'confirmed_via', violations);
    checkLength(request.customerWords, 'customer_words', 1000, violations);
    return this.steps.run('ConfirmResult', request, agent, violations, (complaint, actor, at) =>
      complaint.confirmResult(request.confirmedVia, request.customerWords, this.deadlines.revisitAfterDays, actor, at),
    );
  }
}
