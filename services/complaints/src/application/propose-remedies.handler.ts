import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import { RemedyKind } from '@cs/contracts/cs/complaints/v1/complaint';
import type {
  ProposedRemedy,
  ProposeRemediesRequest,
  ProposeRemediesResponse,
} from '@cs/contracts/cs/complaints/v1/complaints_service';
import { checkEnum, checkLength, checkMoney, knownValues, type Violations } from '@cs/errors';
import { Injectable } from '@nestjs/common';
import type { ProposedOption } from '../domain/complaint.aggregate.js';
import { ComplaintStepRunner } from './complaint-step.runner.js';

const MAX_OPTIONS = 5;

/** Days allowed per remedy: reissue arrives in 1..30 days, return and refund pays back in 1..15 working days. */
const dayLimits: Partial<Record<RemedyKind, number>> = {
  [RemedyKind.REMEDY_KIND_REISSUE]: 30,
  [RemedyKind.REMEDY_KIND_RETURN_AND_REFUND]: 15,
  [RemedyKind.REMEDY_KIND_EXCHANGE]: 30,
};
const withAmount: RemedyKind[] = [RemedyKind.REMEDY_KIND_PARTIAL_REFUND, RemedyKind.REMEDY_KIND_COMPENSATION];

/** The options of a round, checked field by field (shared with emergency mode's proposals). */
export function checkProposedRemedies(options: ProposedRemedy[], violations: Violations, field = 'options'): void {
  if (!options.length || options.length > MAX_OPTIONS) violations.add(field, `must hold 1..${MAX_OPTIONS} options`);
  options.forEach((o, i) => {
    const at = `${field}[${i}]`;
    checkEnum(o.kind, knownValues(RemedyKind), `${at}.kind`, violations);
    const maxDays = dayLimits[o.kind];
    if (maxDays !== undefined && (!Number.isInteger(o.days) || o.days < 1 || o.days > maxDays))
      violations.add(`${at}.days`, `must be 1..${maxDays} for ${o.kind}`);
    if (maxDays === undefined && o.days !== 0) violations.add(`${at}.days`, `must be 0 for ${o.kind}`);
    if (withAmount.includes(o.kind))
      checkMoney(o.amount, `${at}.amount`, violations, { required: true, positive: true });
    else if (o.amount) violations.add(`${at}.amount`, `must be empty for ${o.kind}`);
    checkLength(o.description, `${at}.description`, 500, violations);
  });
}

export const proposedOptions = (options: ProposedRemedy[]): ProposedOption[] =>
  options.map((o) => ({
    kind: o.kind,
    days: o.days,
    ...(o.amount ? { amount: o.amount } : {}),
    description: o.description,
  }));

/** Step 4 (提出方案): a round of options with deadlines for the customer to choose from. */
@Injectable()
export class ProposeRemediesHandler {
  constructor(private readonly steps: ComplaintStepRunner) {}

  execute(request: ProposeRemediesRequest, agent: AgentRef): Promise<ProposeRemediesResponse> {
    const violations = ComplaintStepRunner.violations(request);
    checkProposedRemedies(request.options, violations);
    return this.steps.run('ProposeRemedies', request, agent, violations, (complaint, actor, at) => {
      complaint.proposeRemedies(proposedOptions(request.options), actor, at);
    });
  }
}
