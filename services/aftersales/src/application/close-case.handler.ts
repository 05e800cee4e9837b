import type { CloseCaseRequest, CloseCaseResponse } from '@cs/contracts/cs/aftersales/v1/aftersales_service';
import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import { Injectable } from '@nestjs/common';
import { CaseStepRunner } from './case-step.runner.js';

/** Closes a completed or rejected case; the closed event lets care schedule the revisit (回访). */
@Injectable()
export class CloseCaseHandler {
  constructor(private readonly steps: CaseStepRunner) {}

  execute(request: CloseCaseRequest, actor: AgentRef): Promise<CloseCaseResponse> {
    return this.steps.run('CloseCase', request, actor, CaseStepRunner.violations(request), (kase, agent, at) =>
      kase.close(agent, at),
    );
  }
}
