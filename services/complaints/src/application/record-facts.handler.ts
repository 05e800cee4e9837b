import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import { ComplaintNature } from '@cs/contracts/cs/complaints/v1/complaint';
import type { RecordFactsRequest, RecordFactsResponse } from '@cs/contracts/cs/complaints/v1/complaints_service';
import { checkEnum, checkLength, checkTimestamp } from '@cs/errors';
import { Injectable } from '@nestjs/common';
import { ComplaintStepRunner } from './complaint-step.runner.js';
import { checkList } from './open-complaint.validator.js';
import { fromTimestamp } from './timestamps.js';

/** Step 2 (倾听核实): the facts as verified so far; they replace the earlier ones. */
@Injectable()
export class RecordFactsHandler {
  constructor(private readonly steps: ComplaintStepRunner) {}

  execute(request: RecordFactsRequest, agent: AgentRef, now = new Date()): Promise<RecordFactsResponse> {
    const violations = ComplaintStepRunner.violations(request);
    const facts = request.facts;
    if (!facts) violations.add('facts', 'is required');
    else {
      checkList(facts.orderIds, 'facts.order_ids', 10, 64, violations);
      checkList(facts.skus, 'facts.skus', 20, 64, violations);
      checkTimestamp(facts.purchasedAt, 'facts.purchased_at', violations, false);
      if (facts.purchasedAt && fromTimestamp(facts.purchasedAt) > now)
        violations.add('facts.purchased_at', 'must not be in the future');
      checkLength(facts.productModel, 'facts.product_model', 100, violations);
      checkLength(facts.whatHappened, 'facts.what_happened', 2000, violations);
      checkLength(facts.waybillNo, 'facts.waybill_no', 64, violations);
    }
    checkEnum(request.claimedNature, Object.values(ComplaintNature), 'claimed_nature', violations);
    return this.steps.run('RecordFacts', request, agent, violations, (complaint, actor, at) =>
      complaint.recordFacts(
        {
          orderIds: facts!.orderIds,
          ...(facts!.purchasedAt ? { purchasedAt: fromTimestamp(facts!.purchasedAt).toISOString() } : {}),
          productModel: facts!.productModel,
          skus: facts!.skus,
          whatHappened: facts!.whatHappened,
          waybillNo: facts!.waybillNo,
        },
        request.claimedNature,
        actor,
        at,
      ),
    );
  }
}
