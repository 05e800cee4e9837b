import { ConversationStatus, EscalationLevel } from '@cs/contracts/cs/inquiry/v1/conversation';
import { describe, expect, it } from 'vitest';
import {
  type ConversationPlace,
  conversationScopeOf,
  mayActOnConversation,
  outsideScope,
  type Viewer,
} from '../../src/domain/conversation-access.rule.js';

const {
  CONVERSATION_STATUS_QUEUED: QUEUED,
  CONVERSATION_STATUS_ASSIGNED: ASSIGNED,
  CONVERSATION_STATUS_CLOSED: CLOSED,
} = ConversationStatus;
const {
  ESCALATION_LEVEL_AGENT: AGENT,
  ESCALATION_LEVEL_SUPERVISOR: SUPERVISOR,
  ESCALATION_LEVEL_MANAGER: MANAGER,
} = EscalationLevel;

const place = (overrides: Partial<ConversationPlace>): ConversationPlace => ({
  id: 'c-1',
  assigneeId: null,
  team: 'pre-sales',
  status: QUEUED,
  escalationLevel: AGENT,
  awaitingEscalationHolder: false,
  ...overrides,
});
const agent: Viewer = { agentId: 'a-7', roles: ['front-line-agent'], teams: ['pre-sales'] };
const supervisor: Viewer = { agentId: 's-1', roles: ['supervisor'], teams: ['pre-sales'] };
const manager: Viewer = { agentId: 'm-1', roles: ['manager'], teams: [] };
const service: Viewer = { agentId: 'service:im', roles: ['service'], teams: [] };

describe('a front-line agent: the conversations assigned to them or queued for their team', () => {
  it.each([
    ['assigned to them', place({ status: ASSIGNED, assigneeId: 'a-7' }), true],
    ['closed, but theirs', place({ status: CLOSED, assigneeId: 'a-7' }), true],
    ['queued for their team', place({}), true],
    ['assigned to a colleague of their team', place({ status: ASSIGNED, assigneeId: 'a-8' }), false],
    ['queued for another team', place({ team: 'tracking' }), false],
    [
      'of their team, waiting for a supervisor',
      place({ escalationLevel: SUPERVISOR, awaitingEscalationHolder: true }),
      false,
    ],
    ['closed, a colleague’s', place({ status: CLOSED, assigneeId: 'a-8' }), false],
  ])('%s: %s', (_, c, may) => {
    expect(mayActOnConversation(agent, c)).toBe(may);
  });

  it('the refusal says why, naming the agent and their team', () => {
    expect(outsideScope(conversationScopeOf(agent), place({ team: 'tracking' }))).toBe(
      'conversation c-1 is neither assigned to you (a-7) nor queued for your team (pre-sales)',
    );
  });
});

describe('a supervisor (主管): their team’s conversations and those escalated to the supervisors', () => {
  it.each([
    ['their team’s, held by an agent', place({ status: ASSIGNED, assigneeId: 'a-8' }), true],
    ['their team’s, closed', place({ status: CLOSED, assigneeId: 'a-8' }), true],
    ['another team’s, escalated to the supervisors', place({ team: 'tracking', escalationLevel: SUPERVISOR }), true],
    ['another team’s, held by them', place({ team: 'tracking', status: ASSIGNED, assigneeId: 's-1' }), true],
    ['another team’s, at the agent level', place({ team: 'tracking' }), false],
    ['another team’s, gone on to the manager', place({ team: 'tracking', escalationLevel: MANAGER }), false],
  ])('%s: %s', (_, c, may) => {
    expect(mayActOnConversation(supervisor, c)).toBe(may);
  });
});

describe('the manager (客服经理) and platform services: every conversation', () => {
  it.each([manager, service])('%j', (viewer) => {
    expect(mayActOnConversation(viewer, place({ team: 'complaints', status: ASSIGNED, assigneeId: 'x' }))).toBe(true);
  });
});

describe('the widest role counts; other roles see none', () => {
  it('a token holding front-line-agent and supervisor reaches as a supervisor', () => {
    expect(conversationScopeOf({ ...agent, roles: ['front-line-agent', 'supervisor'] }).reach).toBe('team');
  });

  it('an order-desk clerk or an integrator reaches no conversation', () => {
    for (const roles of [['order-desk-clerk'], ['integrator']]) {
      expect(mayActOnConversation({ agentId: 'x', roles, teams: ['pre-sales'] }, place({}))).toBe(false);
    }
  });
});
