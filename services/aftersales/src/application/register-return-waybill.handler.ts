import type {
  RegisterReturnWaybillRequest,
  RegisterReturnWaybillResponse,
} from '@cs/contracts/cs/aftersales/v1/aftersales_service';
import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import { checkLength, checkMoney } from '@cs/errors';
import { Injectable } from '@nestjs/common';
import { CaseStepRunner } from './case-step.runner.js';

/** 退货单号: the customer sent the goods back and reported the waybill (and the postage advanced). */
@Injectable()
export class RegisterReturnWaybillHandler {
  constructor(private readonly steps: CaseStepRunner) {}

  execute(request: RegisterReturnWaybillRequest, actor: AgentRef): Promise<RegisterReturnWaybillResponse> {
    const violations = CaseStepRunner.violations(request)
      .require('courier', request.courier)
      .require('tracking_number', request.trackingNumber);
    checkLength(request.courier, 'courier', 64, violations);
    checkLength(request.trackingNumber, 'tracking_number', 64, violations);
    checkMoney(request.advancedPostage, 'advanced_postage', violations, { positive: true });
    return this.steps.run('RegisterReturnWaybill', request, actor, violations, (kase, agent, at) =>
      kase.registerReturnWaybill(
        agent,
        at,
        { courier: request.courier, trackingNumber: request.trackingNumber },
        request.advancedPostage,
      ),
    );
  }
}
