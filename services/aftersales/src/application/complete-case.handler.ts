import type { CompleteCaseRequest, CompleteCaseResponse } from '@cs/contracts/cs/aftersales/v1/aftersales_service';
import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import { checkLength } from '@cs/errors';
import { Injectable } from '@nestjs/common';
import { CaseStepRunner } from './case-step.runner.js';

/** The case reached its end: refunded, replaced, repaired, or resolved. */
@Injectable()
export class CompleteCaseHandler {
  constructor(private readonly steps: CaseStepRunner) {}

  execute(request: CompleteCaseRequest, actor: AgentRef): Promise<CompleteCaseResponse> {
    const violations = CaseStepRunner.violations(request);
    checkLength(request.note, 'note', 500, violations);
    return this.steps.run('CompleteCase', request, actor, violations, (kase, agent, at) =>
      kase.complete(agent, at, request.note),
    );
  }
}
