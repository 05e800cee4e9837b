import { CaseKind } from '@cs/contracts/cs/aftersales/v1/case';
import {
  NewProblemRoute,
  type RecordRevisitOutcomeRequest,
  RevisitOutcome,
} from '@cs/contracts/cs/care/v1/revisits_service';
import { Violations } from '@cs/errors';
import { checkLength, checkUuid } from './field-checks.js';

/** The case kinds a revisit may open: those that need nothing more than the order and the reason. */
export const caseKindsFromRevisit: readonly CaseKind[] = [
  CaseKind.CASE_KIND_RETURN_AND_REFUND,
  CaseKind.CASE_KIND_REFUND_ONLY,
  CaseKind.CASE_KIND_REPAIR,
  CaseKind.CASE_KIND_REISSUE,
];

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
      const route = problem.route;
      if (
        route !== NewProblemRoute.NEW_PROBLEM_ROUTE_COMPLAINT &&
        route !== NewProblemRoute.NEW_PROBLEM_ROUTE_AFTERSALES_CASE
      )
        violations.add('new_problem.route', 'must be COMPLAINT or AFTERSALES_CASE');
      checkLength(violations, 'new_problem.description', problem.description, 1, 2000);
      if (problem.orderId.length > 100) violations.add('new_problem.order_id', 'must be at most 100 characters');
      if (route === NewProblemRoute.NEW_PROBLEM_ROUTE_AFTERSALES_CASE) {
        violations.require('new_problem.order_id', problem.orderId, 'is required for an after-sales case');
        if (!caseKindsFromRevisit.includes(problem.caseKind))
          violations.add('new_problem.case_kind', 'must be RETURN_AND_REFUND, REFUND_ONLY, REPAIR or REISSUE');
      } else if (problem.caseKind !== CaseKind.CASE_KIND_UNSPECIFIED)
        violations.add('new_problem.case_kind', 'only for an after-sales case');
    }
  } else if (request.newProblem) violations.add('new_problem', 'only with the outcome NEW_PROBLEM');
  violations.throwIfAny();
}
