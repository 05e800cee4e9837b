import type { SendForRepairRequest, SendForRepairResponse } from '@cs/contracts/cs/aftersales/v1/aftersales_service';
import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import { checkLength } from '@cs/errors';
import { Injectable } from '@nestjs/common';
import { CaseStepRunner } from './case-step.runner.js';

/** The received item goes to the repair provider; the case tracks it until the customer has it back. */
@Injectable()
export class SendForRepairHandler {
  constructor(private readonly steps: CaseStepRunner) {}

  execute(request: SendForRepairRequest, actor: AgentRef): Promise<SendForRepairResponse> {
    const violations = CaseStepRunner.violations(request).require('provider', request.provider);
    checkLength(request.provider, 'provider', 128, violations);
    checkLength(request.providerTicket, 'provider_ticket', 64, violations);
    return this.steps.run('SendForRepair', request, actor, violations, (kase, agent, at) =>
      kase.sendForRepair(agent, at, request.provider, request.providerTicket),
    );
  }
}
