import { EscalationLevel } from '@cs/contracts/cs/inquiry/v1/conversation';
import { RuleViolation } from '@cs/errors';

export const ALREADY_WITH_MANAGER_RULE = 'front-line.escalation-ends-with-the-manager';

const ladder = [
  EscalationLevel.ESCALATION_LEVEL_AGENT,
  EscalationLevel.ESCALATION_LEVEL_SUPERVISOR,
  EscalationLevel.ESCALATION_LEVEL_MANAGER,
];

/** Agent → supervisor (主管) → manager (客服经理), who answers for the company; nobody is above the manager. */
export function nextEscalationLevel(current: EscalationLevel): EscalationLevel {
  const index = Math.max(0, ladder.indexOf(current));
  const next = ladder[index + 1];
  if (!next) throw new RuleViolation(ALREADY_WITH_MANAGER_RULE, 'the conversation is already with the manager');
  return next;
}

export function canEscalate(current: EscalationLevel): boolean {
  return current !== EscalationLevel.ESCALATION_LEVEL_MANAGER;
}
