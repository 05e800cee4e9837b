import { AgentRole } from '@cs/contracts/cs/inquiry/v1/agents_service';
import { Channel, ConversationStatus, EscalationLevel, Priority } from '@cs/contracts/cs/inquiry/v1/conversation';
import { describe, expect, it } from 'vitest';
import { Conversation } from '../../src/domain/conversation.aggregate.js';
import {
  escalationHolderRole,
  escalationLevelHeldBy,
  mayHoldAtLevel,
  roleHoldsLevel,
} from '../../src/domain/escalation.rule.js';

const {
  ESCALATION_LEVEL_AGENT: AGENT,
  ESCALATION_LEVEL_SUPERVISOR: SUPERVISOR,
  ESCALATION_LEVEL_MANAGER: MANAGER,
} = EscalationLevel;
const {
  AGENT_ROLE_AGENT: agent,
  AGENT_ROLE_SUPERVISOR: supervisor,
  AGENT_ROLE_MANAGER: manager,
  AGENT_ROLE_MAIN_ACCOUNT: mainAccount,
} = AgentRole;

describe('who holds an escalated conversation', () => {
  it('a supervisor (主管) holds the supervisor level and the manager (客服经理) the manager level; the agent level is the team’s', () => {
    expect(escalationHolderRole(SUPERVISOR)).toBe(supervisor);
    expect(escalationHolderRole(MANAGER)).toBe(manager);
    expect(escalationHolderRole(AGENT)).toBeUndefined();
    expect(escalationLevelHeldBy(supervisor)).toBe(SUPERVISOR);
    expect(escalationLevelHeldBy(manager)).toBe(MANAGER);
    expect(escalationLevelHeldBy(agent)).toBeUndefined();
    expect(escalationLevelHeldBy(mainAccount)).toBeUndefined();
  });

  it('a supervisor or manager already holding it keeps it when it reaches their level or one below', () => {
    expect(roleHoldsLevel(supervisor, SUPERVISOR)).toBe(true);
    expect(roleHoldsLevel(supervisor, MANAGER)).toBe(false);
    expect(roleHoldsLevel(manager, SUPERVISOR)).toBe(true);
    expect(roleHoldsLevel(manager, MANAGER)).toBe(true);
    expect(roleHoldsLevel(agent, SUPERVISOR)).toBe(false);
  });

  it('at handover an agent may take only unescalated conversations; the main account takes none', () => {
    expect(mayHoldAtLevel(agent, AGENT)).toBe(true);
    expect(mayHoldAtLevel(agent, SUPERVISOR)).toBe(false);
    expect(mayHoldAtLevel(supervisor, SUPERVISOR)).toBe(true);
    expect(mayHoldAtLevel(supervisor, MANAGER)).toBe(false);
    expect(mayHoldAtLevel(manager, MANAGER)).toBe(true);
    expect(mayHoldAtLevel(mainAccount, AGENT)).toBe(false);
  });
});

describe('waiting for the escalation holder', () => {
  const open = () =>
    Conversation.open({
      channel: Channel.CHANNEL_WECHAT,
      customer: { customerId: 'buyer-1', displayName: '李四' },
      orderId: null,
      priority: Priority.PRIORITY_NORMAL,
      sentAt: new Date('2026-11-22T01:00:00Z'),
    });

  it('an escalated conversation with no holder free waits from the moment it was escalated, unassigned, in its team', () => {
    const c = open();
    c.assignTo({ agentId: 'a', name: 'A' }, 'pre-sales', 'routed', new Date('2026-11-22T01:01:00Z'));
    c.escalate();
    c.queueForEscalationHolder('劣质客户', new Date('2026-11-22T01:05:00Z'));
    expect(c).toMatchObject({
      status: ConversationStatus.CONVERSATION_STATUS_QUEUED,
      awaitingEscalationHolder: true,
      team: 'pre-sales',
      assignee: null,
      queuedAt: new Date('2026-11-22T01:05:00Z'),
    });
    expect(c.assignments.at(-1)).toMatchObject({ team: 'pre-sales', agent: null, reason: '劣质客户' });
  });

  it('taken by a holder, or sent back to a team queue, it no longer waits for one; a team queue counts its wait afresh', () => {
    const c = open();
    c.queueForEscalationHolder('x', new Date('2026-11-22T01:05:00Z'));
    c.assignTo({ agentId: 's', name: 'S' }, c.team, 'taken', new Date('2026-11-22T01:06:00Z'));
    expect(c.awaitingEscalationHolder).toBe(false);
    c.queueForEscalationHolder('y', new Date('2026-11-22T01:07:00Z'));
    c.queueFor(c.team, 'back to the team', new Date('2026-11-22T01:08:00Z'));
    expect(c.awaitingEscalationHolder).toBe(false);
    expect(c.queuedAt).toEqual(new Date('2026-11-22T01:08:00Z'));
  });
});
