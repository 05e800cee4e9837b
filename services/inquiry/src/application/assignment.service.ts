import { ConversationStatus } from '@cs/contracts/cs/inquiry/v1/conversation';
import { transactionWithRetry } from '@cs/persistence';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Conversation } from '../domain/conversation.aggregate.js';
import { AgentStore } from '../infrastructure/agent.store.js';
import { loadConversation } from '../infrastructure/conversation.repository.js';
import { conversationAssigned } from './conversation.events.js';

/**
 * Sends a conversation to a team: the least-loaded online agent with the skill takes it if one has
 * room (a slot taken in SQL, in the caller's transaction), otherwise it waits in the team queue.
 * Releases the previous agent's slot. Call before flush; `announce` after it.
 */
export async function routeToTeam(em: EntityManager, c: Conversation, team: string, reason: string, at: Date) {
  const previous = c.status === ConversationStatus.CONVERSATION_STATUS_ASSIGNED ? c.assignee : null;
  if (previous) await AgentStore.release(em, previous.agentId);
  const agent = await AgentStore.claimSlot(em, team);
  if (agent) c.assignTo(agent, team, reason, at);
  else c.queueFor(team, reason, at);
  return {
    previous,
    released: previous?.agentId,
    announce: () => conversationAssigned(em, c, previous, reason),
  };
}

/**
 * Assigns waiting conversations, oldest first, while agents of the team have room. One conversation
 * per transaction (each locks one conversation and one agent row), so replicas draining at once never
 * deadlock; a conversation another replica is assigning is skipped (SKIP LOCKED). Returns how many.
 */
export async function drainQueues(orm: MikroORM, teams: Iterable<string>): Promise<number> {
  let assigned = 0;
  for (const team of new Set(teams)) {
    for (;;) {
      const done = await transactionWithRetry(orm, async (em) => {
        const rows = await em.execute<{ id: string }[]>(
          `select id from conversations where status = ? and team = ? order by queued_at, id limit 1 for update skip locked`,
          [ConversationStatus.CONVERSATION_STATUS_QUEUED, team],
        );
        if (!rows[0]) return true;
        const agent = await AgentStore.claimSlot(em, team);
        if (!agent) return true;
        const c = await loadConversation(em, rows[0].id);
        c.assignTo(agent, team, 'capacity freed: next in the team queue', new Date());
        await em.flush();
        await conversationAssigned(em, c, null, 'capacity freed: next in the team queue');
        return false;
      });
      if (done) break;
      assigned++;
    }
  }
  return assigned;
}

/** The teams whose queues an agent serves, read outside any transaction. */
export async function teamsOfAgent(orm: MikroORM, agentId: string): Promise<string[]> {
  return AgentStore.teamsOf(orm.em.fork(), agentId);
}
