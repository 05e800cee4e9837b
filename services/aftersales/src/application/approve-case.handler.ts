import type { ApproveCaseRequest, ApproveCaseResponse } from '@cs/contracts/cs/aftersales/v1/aftersales_service';
import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import { checkLength } from '@cs/errors';
import { Injectable } from '@nestjs/common';
import { CaseStepRunner } from './case-step.runner.js';

/** Approve a requested case; a quality claim needs its evidence verified first. */
@Injectable()
export class ApproveCaseHandler {
  constructor(private readonly steps: CaseStepRunner) {}

  execute(request: ApproveCaseRequest, actor: AgentRef): Promise<ApproveCaseResponse> {
    const violations = CaseStepRunner.violations(request);
    checkLength(request.note, 'note', 500, violations);
    return this.steps.run('ApproveCase', request, actor, violations, (kase, agent, at) =>
      kase.approve(agent, at, request.note),
    );
  }
}
