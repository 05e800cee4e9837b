import { AgentRole } from '@cs/contracts/cs/inquiry/v1/agents_service';
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

/**
 * Who must hold an escalated conversation: a supervisor at the supervisor level, the manager at the
 * manager level, whatever team it came from (they sit above all teams). Undefined at the agent level:
 * any agent of the team.
 */
export function escalationHolderRole(level: EscalationLevel): AgentRole | undefined {
  if (level === EscalationLevel.ESCALATION_LEVEL_SUPERVISOR) return AgentRole.AGENT_ROLE_SUPERVISOR;
  if (level === EscalationLevel.ESCALATION_LEVEL_MANAGER) return AgentRole.AGENT_ROLE_MANAGER;
  return undefined;
}

/** The escalation level whose waiting conversations this role takes, if any. */
export function escalationLevelHeldBy(role: AgentRole): EscalationLevel | undefined {
  return ladder.find((level) => escalationHolderRole(level) === role);
}

/** A supervisor or the manager already holding a conversation keeps it when it reaches their level (or one below). */
export function roleHoldsLevel(role: AgentRole, level: EscalationLevel): boolean {
  const held = escalationLevelHeldBy(role);
  return held !== undefined && ladder.indexOf(held) >= ladder.indexOf(level);
}

/** Who may hold a conversation: at the agent level anyone but the main account; escalated, its level's holder or above. */
export function mayHoldAtLevel(role: AgentRole, level: EscalationLevel): boolean {
  if (role === AgentRole.AGENT_ROLE_MAIN_ACCOUNT) return false;
  return !escalationHolderRole(level) || roleHoldsLevel(role, level);
}
