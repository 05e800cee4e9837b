import type { RecordRefundRequest, RecordRefundResponse } from '@cs/contracts/cs/aftersales/v1/aftersales_service';
import { RefundMethod } from '@cs/contracts/cs/aftersales/v1/case';
import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import { checkEnum, checkLength, checkMoney, knownValues } from '@cs/errors';
import { Injectable } from '@nestjs/common';
import { CaseStepRunner } from './case-step.runner.js';

/** The refund was paid: amount in minor units, method, the payment's reference. */
@Injectable()
export class RecordRefundHandler {
  constructor(private readonly steps: CaseStepRunner) {}

  execute(request: RecordRefundRequest, actor: AgentRef): Promise<RecordRefundResponse> {
    const violations = CaseStepRunner.violations(request);
    checkMoney(request.amount, 'amount', violations, { required: true, positive: true });
    checkEnum(request.method, knownValues(RefundMethod), 'method', violations);
    checkLength(request.transactionReference, 'transaction_reference', 128, violations);
    return this.steps.run('RecordRefund', request, actor, violations, (kase, agent, at) =>
      kase.recordRefund(agent, at, request.amount!, request.method, request.transactionReference),
    );
  }
}
