import type {
  RequestCourierRecallRequest,
  RequestCourierRecallResponse,
} from '@cs/contracts/cs/aftersales/v1/aftersales_service';
import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import { checkLength } from '@cs/errors';
import { Injectable } from '@nestjs/common';
import { CaseStepRunner } from './case-step.runner.js';

/** 拦截: the courier is asked to bring the parcel back, with the two-part return slip. */
@Injectable()
export class RequestCourierRecallHandler {
  constructor(private readonly steps: CaseStepRunner) {}

  execute(request: RequestCourierRecallRequest, actor: AgentRef): Promise<RequestCourierRecallResponse> {
    const violations = CaseStepRunner.violations(request)
      .require('courier', request.courier)
      .require('tracking_number', request.trackingNumber)
      .require('return_slip_number', request.returnSlipNumber);
    for (const [field, value] of [
      ['courier', request.courier],
      ['tracking_number', request.trackingNumber],
      ['return_slip_number', request.returnSlipNumber],
    ] as const)
      checkLength(value, field, 64, violations);
    return this.steps.run('RequestCourierRecall', request, actor, violations, (kase, agent, at) =>
      kase.requestRecall(agent, at, {
        courier: request.courier,
        trackingNumber: request.trackingNumber,
        returnSlipNumber: request.returnSlipNumber,
        courierPartHandedOver: request.courierPartHandedOver,
        warehousePartKept: request.warehousePartKept,
      }),
    );
  }
}
