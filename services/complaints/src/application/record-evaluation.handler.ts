import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import type {
  RecordEvaluationRequest,
  RecordEvaluationResponse,
} from '@cs/contracts/cs/complaints/v1/complaints_service';
import { checkLength } from '@cs/errors';
import { Injectable } from '@nestjs/common';
import { ComplaintStepRunner } from './complaint-step.runner.js';

/** Step 7 (回访, 客户评价单): the customer's score 1–5 and comment, kept with the archived file. */
@Injectable()
export class RecordEvaluationHandler {
  constructor(private readonly steps: ComplaintStepRunner) {}

  execute(request: RecordEvaluationRequest, agent: AgentRef): Promise<RecordEvaluationResponse> {
    const violations = ComplaintStepRunner.violations(request);
    if (!Number.isInteger(request.score) || request.score < 1 || request.score > 5)
      violations.add('score', 'must be 1..5');
    checkLength(request.comment, 'comment', 1000, violations);
    return this.steps.run('RecordEvaluation', request, agent, violations, (complaint, actor, at) =>
      complaint.recordEvaluation(request.score, request.comment, actor, at),
    );
  }
}
