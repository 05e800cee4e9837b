import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import { type Agent, AgentRole, Presence } from '@cs/contracts/cs/inquiry/v1/agents_service';
import type { EntityManager } from '@mikro-orm/postgresql';
import { type AssignmentCandidate, rankCandidates, type WaitingLine } from '../domain/assignment.rule.js';
import { escalationHolderRole, escalationLevelHeldBy } from '../domain/escalation.rule.js';

interface AgentRow {
  id: string;
  name: string;
  teams: string[];
  role: AgentRole;
  presence: Presence;
  capacity: number;
  open_count: number;
  last_assigned_at: Date | null;
}

const toAgent = (r: AgentRow): Agent => ({
  agentId: r.id,
  name: r.name,
  teams: r.teams,
  role: r.role,
  presence: r.presence,
  capacity: r.capacity,
  openConversations: r.open_count,
});

/** SQL for who may take a conversation from a line: the team's agents (never the main account), or the holders. */
function servesLine(line: WaitingLine): { sql: string; params: unknown[] } {
  if ('team' in line)
    return {
      sql: 'role <> ? and teams @> ?::jsonb',
      params: [AgentRole.AGENT_ROLE_MAIN_ACCOUNT, JSON.stringify([line.team])],
    };
  const role = escalationHolderRole(line.escalationLevel);
  if (!role) throw new Error(`nobody holds escalation level ${line.escalationLevel}`);
  return { sql: 'role = ?', params: [role] };
}

/**
 * Agents and their load, in SQL: a slot is taken with a conditional update (`open_count < capacity`)
 * in the caller's transaction, so replicas assigning at once can never push an agent over capacity.
 */
export class AgentStore {
  static async find(em: EntityManager, agentId: string): Promise<Agent | undefined> {
    const rows = await em.execute<AgentRow[]>('select * from agents where id = ?', [agentId]);
    return rows[0] && toAgent(rows[0]);
  }

  static async upsert(
    em: EntityManager,
    agent: { agentId: string; name: string; teams: string[]; role: AgentRole; capacity: number },
  ): Promise<Agent> {
    const rows = await em.execute<AgentRow[]>(
      `insert into agents (id, name, teams, role, presence, capacity) values (?, ?, ?::jsonb, ?, ?, ?)
       on conflict (id) do update set name = excluded.name, teams = excluded.teams, role = excluded.role,
         capacity = excluded.capacity, version = agents.version + 1
       returning *`,
      [agent.agentId, agent.name, JSON.stringify(agent.teams), agent.role, Presence.PRESENCE_OFFLINE, agent.capacity],
    );
    return toAgent(rows[0]!);
  }

  static async setPresence(em: EntityManager, agentId: string, presence: Presence): Promise<Agent | undefined> {
    const rows = await em.execute<AgentRow[]>(
      'update agents set presence = ?, version = version + 1 where id = ? returning *',
      [presence, agentId],
    );
    return rows[0] && toAgent(rows[0]);
  }

  /** Online agents with room who serve the line: the team's (never the main account), or the escalation holders. */
  static async candidates(em: EntityManager, line: WaitingLine): Promise<AssignmentCandidate[]> {
    const { sql, params } = AgentStore.candidatesQuery(line);
    return AgentStore.candidatesOf(await em.execute<AgentRow[]>(sql, params));
  }

  /** The agents who could take a slot of the line now ("?" placeholders). */
  static candidatesQuery(line: WaitingLine): { sql: string; params: unknown[] } {
    const serves = servesLine(line);
    return {
      sql: `select * from agents where presence = ? and open_count < capacity and ${serves.sql}`,
      params: [Presence.PRESENCE_ONLINE, ...serves.params],
    };
  }

  static candidatesOf(agentRows: readonly object[]): AssignmentCandidate[] {
    const rows = agentRows as unknown as AgentRow[];
    return rows.map((r) => ({
      agentId: r.id,
      openConversations: r.open_count,
      capacity: r.capacity,
      lastAssignedAt: r.last_assigned_at ? new Date(r.last_assigned_at) : null,
    }));
  }

  /**
   * Takes one slot of the best candidate for the line: tries them in the order of the assignment
   * rule; the update re-checks capacity and presence under the row lock, so a slot another replica
   * took meanwhile is not taken twice. Undefined: nobody can take it (the conversation queues).
   */
  static async claimSlot(em: EntityManager, line: WaitingLine, notTo?: string): Promise<AgentRef | undefined> {
    const candidates = (await AgentStore.candidates(em, line)).filter((c) => c.agentId !== notTo);
    for (const candidate of rankCandidates(candidates)) {
      const agent = await AgentStore.claimSlotOf(em, candidate.agentId, line);
      if (agent) return agent;
    }
    return undefined;
  }

  /** One slot of this agent, if online, under capacity, and serving the line (any but the main account without one). */
  static async claimSlotOf(em: EntityManager, agentId: string, line?: WaitingLine): Promise<AgentRef | undefined> {
    const { sql, params } = AgentStore.claimSlotQuery(agentId, line);
    return AgentStore.claimedOf(await em.execute<{ id: string; name: string }[]>(sql, params));
  }

  /** The conditional update that takes one slot of this agent ("?" placeholders); see claimedOf. */
  static claimSlotQuery(agentId: string, line?: WaitingLine): { sql: string; params: unknown[] } {
    const serves = line ? servesLine(line) : { sql: 'role <> ?', params: [AgentRole.AGENT_ROLE_MAIN_ACCOUNT] };
    return {
      sql: `update agents set open_count = open_count + 1, last_assigned_at = now()
       where id = ? and open_count < capacity and presence = ? and ${serves.sql}
       returning id, name`,
      params: [agentId, Presence.PRESENCE_ONLINE, ...serves.params],
    };
  }

  /** The agent whose slot claimSlotQuery took, if it took one. */
  static claimedOf(rows: readonly object[]): AgentRef | undefined {
    const row = rows[0] as { id: string; name: string } | undefined;
    return row && { agentId: row.id, name: row.name };
  }

  static async release(em: EntityManager, agentId: string): Promise<void> {
    await em.execute('update agents set open_count = greatest(open_count - 1, 0) where id = ?', [agentId]);
  }

  /** The lines an agent takes from (their teams' queues, and the escalation line of their role), to drain when capacity frees. */
  static async linesOf(em: EntityManager, agentId: string): Promise<WaitingLine[]> {
    const rows = await em.execute<{ teams: string[]; role: AgentRole }[]>(
      'select teams, role from agents where id = ?',
      [agentId],
    );
    return rows[0] ? linesServedBy(rows[0]) : [];
  }
}

/** An agent's teams' queues, and the escalation line their role holds (supervisor, manager). */
export function linesServedBy(agent: { teams: string[]; role: AgentRole }): WaitingLine[] {
  const escalationLevel = escalationLevelHeldBy(agent.role);
  const teamLines: WaitingLine[] =
    agent.role === AgentRole.AGENT_ROLE_MAIN_ACCOUNT ? [] : agent.teams.map((team) => ({ team }));
  return escalationLevel ? [...teamLines, { escalationLevel }] : teamLines;
}
