import type { DefineSegmentRequest } from '@cs/contracts/cs/care/v1/campaigns_service';
import { Violations } from '@cs/errors';
import { checkSegmentRules, type SegmentRules } from '../domain/segment-rules.js';
import { checkIdempotencyKey } from './campaign-field-checks.js';
import { rulesOf } from './campaign-wire.js';

/** Names every bad field of a DefineSegment; returns the rules in the domain's terms. */
export function checkDefineSegment(request: DefineSegmentRequest): SegmentRules {
  const violations = new Violations().require('name', request.name);
  if (request.name.length > 200) violations.add('name', 'must be at most 200 characters');
  const rules = rulesOf(request.rules, 'rules', violations);
  for (const violation of collect(checkSegmentRules(rules))) violations.add(violation.field, violation.description);
  checkIdempotencyKey(request.idempotencyKey, violations);
  violations.throwIfAny();
  return rules;
}

/** The violations a Violations holds, without throwing them. */
export function collect(violations: Violations): { field: string; description: string }[] {
  try {
    violations.throwIfAny();
    return [];
  } catch (error) {
    return (error as { violations: { field: string; description: string }[] }).violations;
  }
}
