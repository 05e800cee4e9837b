import type {
  ReimburseReturnPostageRequest,
  ReimburseReturnPostageResponse,
} from '@cs/contracts/cs/aftersales/v1/aftersales_service';
import { RefundMethod } from '@cs/contracts/cs/aftersales/v1/case';
import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import { checkEnum, checkLength, knownValues } from '@cs/errors';
import { Injectable } from '@nestjs/common';
import { CaseStepRunner } from './case-step.runner.js';

/** Pays the tracked obligation: the return postage the customer advanced for a quality problem. */
@Injectable()
export class ReimburseReturnPostageHandler {
  constructor(private readonly steps: CaseStepRunner) {}

  execute(request: ReimburseReturnPostageRequest, actor: AgentRef): Promise<ReimburseReturnPostageResponse> {
    const violations = CaseStepRunner.violations(request);
    checkEnum(request.method, knownValues(RefundMethod), 'method', violations);
    checkLength(request.transactionReference, 'transaction_reference', 128, violations);
    return this.steps.run('ReimburseReturnPostage', request, actor, violations, (kase, agent, at) =>
      kase.reimburseReturnPostage(agent, at, request.method, request.transactionReference),
    );
  }
}
