import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import { AgreementChannel } from '@cs/contracts/cs/complaints/v1/complaint';
import type {
  RecordCustomerChoiceRequest,
  RecordCustomerChoiceResponse,
} from '@cs/contracts/cs/complaints/v1/complaints_service';
import { checkEnum, checkLength, checkTimestamp, knownValues } from '@cs/errors';
import { Injectable } from '@nestjs/common';
import { ComplaintStepRunner } from './complaint-step.runner.js';
import { fromTimestamp } from './timestamps.js';

/** Step 4: the customer's answer, with how and when they agreed; a choice starts step 5. */
@Injectable()
export class RecordCustomerChoiceHandler {
  constructor(private readonly steps: ComplaintStepRunner) {}

  execute(
    request: RecordCustomerChoiceRequest,
    agent: AgentRef,
    now = new Date(),
  ): Promise<RecordCustomerChoiceResponse> {
    const violations = ComplaintStepRunner.violations(request);
    if (request.refusedAll && request.optionId) violations.add('option_id', 'must be empty when refused_all is set');
    if (!request.refusedAll) violations.require('option_id', request.optionId, 'is required unless refused_all is set');
    checkLength(request.optionId, 'option_id', 32, violations);
    checkEnum(request.answeredVia, knownValues(AgreementChannel), 'answered_via', violations);
    checkTimestamp(request.answeredAt, 'answered_at', violations);
    if (request.answeredAt && fromTimestamp(request.answeredAt).getTime() > now.getTime() + 60_000)
      violations.add('answered_at', 'must not be later than now');
    checkLength(request.customerWords, 'customer_words', 1000, violations);
    return this.steps.run('RecordCustomerChoice', request, agent, violations, (complaint, actor, at) => {
      complaint.recordCustomerChoice(
        {
          optionId: request.optionId,
          refusedAll: request.refusedAll,
          via: request.answeredVia,
          answeredAt: fromTimestamp(request.answeredAt!),
          words: request.customerWords,
        },
        actor,
        at,
      );
    });
  }
}
