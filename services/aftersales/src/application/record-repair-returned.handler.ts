import type {
  RecordRepairReturnedRequest,
  RecordRepairReturnedResponse,
} from '@cs/contracts/cs/aftersales/v1/aftersales_service';
import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import { checkLength } from '@cs/errors';
import { Injectable } from '@nestjs/common';
import { CaseStepRunner } from './case-step.runner.js';

/** The provider sent the repaired item back to the shop. */
@Injectable()
export class RecordRepairReturnedHandler {
  constructor(private readonly steps: CaseStepRunner) {}

  execute(request: RecordRepairReturnedRequest, actor: AgentRef): Promise<RecordRepairReturnedResponse> {
    const violations = CaseStepRunner.violations(request);
    checkLength(request.note, 'note', 500, violations);
    return this.steps.run('RecordRepairReturned', request, actor, violations, (kase, agent, at) =>
      kase.repairReturned(agent, at, request.note),
    );
  }
}
