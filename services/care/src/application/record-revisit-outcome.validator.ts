import {
  NewProblemRoute,
  type RecordRevisitOutcomeRequest,
  RevisitOutcome,
} from '@cs/contracts/cs/care/v1/revisits_service';
import { Violations } from '@cs/errors';
import { checkLength, checkUuid } from './field-checks.js';

export function validateRecordRevisitOutcome(request: RecordRevisitOutcomeRequest): void {
  const violations = new Violations();
  checkUuid(violations, 'revisit_id', request.revisitId);
  if (request.outcome === RevisitOutcome.REVISIT_OUTCOME_UNSPECIFIED || !(request.outcome in RevisitOutcome))
    violations.add('outcome', 'is required');
  if (Array.from(request.note).length > 2000) violations.add('note', 'must be at most 2000 characters');
  violations.require('idempotency_key', request.idempotencyKey);
  if (request.outcome === RevisitOutcome.REVISIT_OUTCOME_NEW_PROBLEM) {
    const problem = request.newProblem;
    if (!problem) violations.add('new_problem', 'is required when the outcome is NEW_PROBLEM');
    else {
      if (problem.route !== NewProblemRoute.NEW_PROBLEM_ROUTE_COMPLAINT)
        violations.add('new_problem.route', 'must be COMPLAINT (an after-sales case is opened by the complaint desk)');
      checkLength(violations, 'new_problem.description', problem.description, 1, 2000);
      if (problem.orderId.length > 100) violations.add('new_problem.order_id', 'must be at most 100 characters');
    }
  } else if (request.newProblem) violations.add('new_problem', 'only with the outcome NEW_PROBLEM');
  violations.throwIfAny();
}
