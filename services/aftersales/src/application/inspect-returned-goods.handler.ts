import type {
  InspectReturnedGoodsRequest,
  InspectReturnedGoodsResponse,
} from '@cs/contracts/cs/aftersales/v1/aftersales_service';
import { InspectionOutcome } from '@cs/contracts/cs/aftersales/v1/case';
import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import { checkEnum, checkLength } from '@cs/errors';
import { Injectable } from '@nestjs/common';
import { CaseStepRunner } from './case-step.runner.js';

const failedOutcomes = [
  InspectionOutcome.INSPECTION_OUTCOME_UNSPECIFIED,
  InspectionOutcome.INSPECTION_OUTCOME_REJECTED,
  InspectionOutcome.INSPECTION_OUTCOME_PARTIAL,
];

/** 验收: the returned goods arrive and are inspected; a failed inspection rejects or accepts in part. */
@Injectable()
export class InspectReturnedGoodsHandler {
  constructor(private readonly steps: CaseStepRunner) {}

  execute(request: InspectReturnedGoodsRequest, actor: AgentRef): Promise<InspectReturnedGoodsResponse> {
    const violations = CaseStepRunner.violations(request);
    checkEnum(request.failedOutcome, failedOutcomes, 'failed_outcome', violations);
    checkLength(request.note, 'note', 500, violations);
    return this.steps.run('InspectReturnedGoods', request, actor, violations, (kase, agent, at) =>
      kase.receiveGoods(
        agent,
        at,
        {
          undamaged: request.undamaged,
          packagingComplete: request.packagingComplete,
          resellable: request.resellable,
        },
        request.failedOutcome,
        request.note,
      ),
    );
  }
}
