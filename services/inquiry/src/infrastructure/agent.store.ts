import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import { type Agent, AgentRole, Presence } from '@cs/contracts/cs/inquiry/v1/agents_service';
import type { EntityManager } from '@mikro-orm/postgresql';
import { type AssignmentCandidate, rankCandidates } from '../domain/assignment.rule.js';

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

  /** Online agents with the skill, excluding the main account (it serves nobody). */
  static async candidates(em: EntityManager, team: string): Promise<AssignmentCandidate[]> {
    const rows = await em.execute<AgentRow[]>(
      `select * from agents where presence = ? and role <> ? and teams @> ?::jsonb and open_count < capacity`,
      [Presence.PRESENCE_ONLINE, AgentRole.AGENT_ROLE_MAIN_ACCOUNT, JSON.stringify([team])],
    );
    return rows.map((r) => ({
      agentId: r.id,
      openConversations: r.open_count,
      capacity: r.capacity,
      lastAssignedAt: r.last_assigned_at ? new Date(r.last_assigned_at) : null,
    }));
  }

  /**
   * Takes one slot of the best candidate for the team: tries them in the order of the assignment
   * rule; the update re-checks capacity and presence under the row lock, so a slot another replica
   * took meanwhile is not taken twice. Undefined: nobody can take it (the conversation queues).
   */
  static async claimSlot(em: EntityManager, team: string): Promise<AgentRef | undefined> {
    for (const candidate of rankCandidates(await AgentStore.candidates(em, team))) {
      const agent = await AgentStore.claimSlotOf(em, candidate.agentId, team);
      if (agent) return agent;
    }
    return undefined;
  }

  /** One slot of this agent, if online, skilled for the team (when given) and under capacity. */
  static async claimSlotOf(em: EntityManager, agentId: string, team?: string): Promise<AgentRef | undefined> {
    const rows = await em.execute<{ id: string; name: string }[]>(
      `update agents set open_count = open_count + 1, last_assigned_at = now()
       where id = ? and open_count < capacity and presence = ? and role <> ? ${team ? 'and teams @> ?::jsonb' : ''}
       returning id, name`,
      [agentId, Presence.PRESENCE_ONLINE, AgentRole.AGENT_ROLE_MAIN_ACCOUNT, ...(team ? [JSON.stringify([team])] : [])],
    );
    return rows[0] && { agentId: rows[0].id, name: rows[0].name };
  }

  static async release(em: EntityManager, agentId: string): Promise<void> {
    await em.execute('update agents set open_count = greatest(open_count - 1, 0) where id = ?', [agentId]);
  }

  /** Teams of an agent, for draining their queues when capacity frees. */
  static async teamsOf(em: EntityManager, agentId: string): Promise<string[]> {
    const rows = await em.execute<{ teams: string[] }[]>('select teams from agents where id = ?', [agentId]);
    return rows[0]?.teams ?? [];
  }
}
