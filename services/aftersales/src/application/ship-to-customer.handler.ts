import type { ShipToCustomerRequest, ShipToCustomerResponse } from '@cs/contracts/cs/aftersales/v1/aftersales_service';
import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import { checkLength } from '@cs/errors';
import { Injectable } from '@nestjs/common';
import { CaseStepRunner } from './case-step.runner.js';

/** The replacement, reissue, re-delivery or repaired item left with a courier. */
@Injectable()
export class ShipToCustomerHandler {
  constructor(private readonly steps: CaseStepRunner) {}

  execute(request: ShipToCustomerRequest, actor: AgentRef): Promise<ShipToCustomerResponse> {
    const violations = CaseStepRunner.violations(request)
      .require('courier', request.courier)
      .require('tracking_number', request.trackingNumber);
    checkLength(request.courier, 'courier', 64, violations);
    checkLength(request.trackingNumber, 'tracking_number', 64, violations);
    return this.steps.run('ShipToCustomer', request, actor, violations, (kase, agent, at) =>
      kase.shipToCustomer(agent, at, { courier: request.courier, trackingNumber: request.trackingNumber }),
    );
  }
}
