import type { RejectCaseRequest, RejectCaseResponse } from '@cs/contracts/cs/aftersales/v1/aftersales_service';
import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import { checkLength } from '@cs/errors';
import { Injectable } from '@nestjs/common';
import { CaseStepRunner } from './case-step.runner.js';

/** Reject a request, with the reason told to the customer. */
@Injectable()
export class RejectCaseHandler {
  constructor(private readonly steps: CaseStepRunner) {}

  execute(request: RejectCaseRequest, actor: AgentRef): Promise<RejectCaseResponse> {
    const violations = CaseStepRunner.violations(request).require(
      'reason',
      request.reason,
      'is required: a rejection is explained to the customer',
    );
    checkLength(request.reason, 'reason', 500, violations);
    return this.steps.run('RejectCase', request, actor, violations, (kase, agent, at) =>
      kase.reject(agent, at, request.reason),
    );
  }
}
