import { ConversationStatus } from '@cs/contracts/cs/inquiry/v1/conversation';
import { transactionWithRetry } from '@cs/persistence';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { WaitingLine } from '../domain/assignment.rule.js';
import type { Conversation } from '../domain/conversation.aggregate.js';
import { escalationHolderRole, roleHoldsLevel } from '../domain/escalation.rule.js';
import { AgentStore } from '../infrastructure/agent.store.js';
import { claimOldestWaiting } from '../infrastructure/conversation.repository.js';
import { conversationAssigned } from './conversation.events.js';

/** The current agent, whose slot a move frees; null when the conversation is waiting in a line. */
function currentAgent(c: Conversation) {
  return c.status === ConversationStatus.CONVERSATION_STATUS_ASSIGNED ? c.assignee : null;
}

/**
 * Moves a conversation into a line: whoever serves it with room takes it at once (least-loaded, a slot
 * taken in SQL in the caller's transaction; never `notTo`), else it waits there. Releases the
 * previous agent's slot. Call before flush; `announce` after it.
 */
async function moveInto(
  em: EntityManager,
  c: Conversation,
  line: WaitingLine,
  reason: string,
  at: Date,
  notTo?: string,
) {
  const previous = currentAgent(c);
  if (previous) await AgentStore.release(em, previous.agentId);
  const agent = await AgentStore.claimSlot(em, line, notTo);
  if (agent) c.assignTo(agent, 'team' in line ? line.team : c.team, reason, at);
  else if ('team' in line) c.queueFor(line.team, reason, at);
  else c.queueForEscalationHolder(reason, at);
  return {
    agent,
    released: previous?.agentId,
    announce: () => conversationAssigned(em, c, previous, reason),
  };
}

/** Sends a conversation to a team: an online agent with the skill and room, else the team queue. */
export function routeToTeam(
  em: EntityManager,
  c: Conversation,
  team: string,
  reason: string,
  at: Date,
  { notTo }: { notTo?: string } = {},
) {
  return moveInto(em, c, { team }, reason, at, notTo);
}

/**
 * After an escalation, the conversation goes to the holder of its new level: a supervisor or the
 * manager with room, or it waits in their line. Someone who already holds that level keeps it
 * (nothing to announce, no slot released).
 */
export async function handToEscalationHolder(em: EntityManager, c: Conversation, reason: string, at: Date) {
  const previous = currentAgent(c);
  const role = previous && (await AgentStore.find(em, previous.agentId))?.role;
  if (previous && role && roleHoldsLevel(role, c.escalationLevel))
    return { holder: previous, released: undefined, announce: undefined };
  const moved = await moveInto(em, c, { escalationLevel: c.escalationLevel }, reason, at);
  return { holder: moved.agent, released: moved.released, announce: moved.announce };
}

/** Back to whoever should have it next: an escalated conversation to its level's holders, any other to its team. */
export function reroute(em: EntityManager, c: Conversation, reason: string, at: Date) {
  const line: WaitingLine = escalationHolderRole(c.escalationLevel)
    ? { escalationLevel: c.escalationLevel }
    : { team: c.team };
  return moveInto(em, c, line, reason, at);
}

const lineKey = (line: WaitingLine) => ('team' in line ? `team:${line.team}` : `level:${line.escalationLevel}`);

/**
 * Assigns waiting conversations, oldest first, while someone serving the line has room. One
 * conversation per transaction (each locks one conversation and one agent row), so replicas draining
 * at once never deadlock; a conversation another replica is assigning is skipped (SKIP LOCKED).
 * Returns how many were assigned.
 */
export async function drainQueues(orm: MikroORM, lines: Iterable<WaitingLine>): Promise<number> {
  let assigned = 0;
  const unique = new Map([...lines].map((line) => [lineKey(line), line]));
  for (const line of unique.values()) {
    const reason =
      'team' in line ? 'capacity freed: next in the team queue' : 'next escalated conversation for its holder';
    for (;;) {
      const done = await transactionWithRetry(orm, async (em) => {
        const c = await claimOldestWaiting(em, line);
        if (!c) return true;
        const agent = await AgentStore.claimSlot(em, line);
        if (!agent) return true;
        c.assignTo(agent, c.team, reason, new Date());
        await em.flush();
        await conversationAssigned(em, c, null, reason);
        return false;
      });
      if (done) break;
      assigned++;
    }
  }
  return assigned;
}

/** The lines an agent takes from, read outside any transaction. */
export async function linesOfAgent(orm: MikroORM, agentId: string): Promise<WaitingLine[]> {
  return AgentStore.linesOf(orm.em.fork(), agentId);
}
