import { ConversationStatus, EscalationLevel } from '@cs/contracts/cs/inquiry/v1/conversation';

/** A staff member as the access rules see them: their staff id, their token's roles, their teams. */
export interface Viewer {
  agentId: string;
  roles: readonly string[];
  /** The department team their token names and the queues they are registered to serve. */
  teams: readonly string[];
}

/** Where a conversation stands: what decides who may see it. */
export interface ConversationPlace {
  id: string;
  assigneeId: string | null;
  team: string;
  status: ConversationStatus;
  escalationLevel: EscalationLevel;
  awaitingEscalationHolder: boolean;
}

/**
 * How far a viewer sees (the handbook's line of responsibility):
 * - all: the manager (客服经理) answers for the whole department; platform services act for it;
 * - team: a supervisor (主管), their team's conversations and those escalated to the supervisors;
 * - own: a front-line agent, the conversations assigned to them or queued for their team;
 * - none: anyone else.
 */
export type ConversationScope =
  | { reach: 'all' }
  | { reach: 'team'; agentId: string; teams: readonly string[]; escalationLevel: EscalationLevel }
  | { reach: 'own'; agentId: string; teams: readonly string[] }
  | { reach: 'none' };

/** The widest reach any of the viewer's roles gives. */
export function conversationScopeOf(viewer: Viewer): ConversationScope {
  const has = (role: string) => viewer.roles.includes(role);
  if (has('manager') || has('service')) return { reach: 'all' };
  if (has('supervisor'))
    return {
      reach: 'team',
      agentId: viewer.agentId,
      teams: viewer.teams,
      escalationLevel: EscalationLevel.ESCALATION_LEVEL_SUPERVISOR,
    };
  if (has('front-line-agent')) return { reach: 'own', agentId: viewer.agentId, teams: viewer.teams };
  return { reach: 'none' };
}

const queuedForTeam = (c: ConversationPlace, teams: readonly string[]) =>
  c.status === ConversationStatus.CONVERSATION_STATUS_QUEUED && !c.awaitingEscalationHolder && teams.includes(c.team);

/** Whether the conversation is within the scope; undefined when it is, else why not (for PERMISSION_DENIED). */
export function outsideScope(scope: ConversationScope, c: ConversationPlace): string | undefined {
  switch (scope.reach) {
    case 'all':
      return undefined;
    case 'team':
      if (c.assigneeId === scope.agentId || scope.teams.includes(c.team) || c.escalationLevel === scope.escalationLevel)
        return undefined;
      return `conversation ${c.id} belongs to team ${c.team}, not to yours (${list(scope.teams)}), and is not escalated to the supervisors`;
    case 'own':
      if (c.assigneeId === scope.agentId || queuedForTeam(c, scope.teams)) return undefined;
      return `conversation ${c.id} is neither assigned to you (${scope.agentId}) nor queued for your team (${list(scope.teams)})`;
    case 'none':
      return `conversation ${c.id}: only front-line agents, supervisors and the manager work on conversations`;
  }
}

/** A staff member may see and act on the conversation (read it, reply, note, transfer, close, order changes…). */
export function mayActOnConversation(viewer: Viewer, c: ConversationPlace): boolean {
  return outsideScope(conversationScopeOf(viewer), c) === undefined;
}

const list = (teams: readonly string[]) => (teams.length ? teams.join(', ') : 'none');
