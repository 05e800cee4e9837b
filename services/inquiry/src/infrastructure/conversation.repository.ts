import type { Channel, EscalationLevel } from '@cs/contracts/cs/inquiry/v1/conversation';
import { ConversationStatus } from '@cs/contracts/cs/inquiry/v1/conversation';
import { NotFound } from '@cs/errors';
import { type KeyValue, keysetSql } from '@cs/persistence';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { WaitingLine } from '../domain/assignment.rule.js';
import { Conversation } from '../domain/conversation.aggregate.js';
import type { ConversationScope } from '../domain/conversation-access.rule.js';
import { ConversationMessage } from '../domain/conversation-message.entity.js';
import { scopeCondition } from './conversation-scope.sql.js';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Loads a conversation for a unit of work; its version guards the commit. */
export async function loadConversation(em: EntityManager, id: string): Promise<Conversation> {
  const conversation = uuidPattern.test(id) ? await em.findOne(Conversation, { id }) : null;
  if (!conversation) throw new NotFound('conversation', id);
  return conversation;
}

/** The customer's open conversation on a channel, if any: a new message joins it. */
export async function findOpenConversation(
  em: EntityManager,
  channel: Channel,
  customerId: string,
): Promise<Conversation | null> {
  const rows = await em.execute<{ id: string }[]>(
    `select id from conversations where channel = ? and customer->>'customerId' = ? and status <> ?
     order by opened_at desc limit 1`,
    [channel, customerId, ConversationStatus.CONVERSATION_STATUS_CLOSED],
  );
  return rows[0] ? em.findOne(Conversation, { id: rows[0].id }) : null;
}

/** The conversation a channel message already went into: a replay. */
export async function findByChannelMessage(
  em: EntityManager,
  channel: Channel,
  channelMessageId: string,
): Promise<string | undefined> {
  const message = await em.findOne(ConversationMessage, { channel, channelMessageId });
  return message?.conversationId;
}

export function messagesOf(em: EntityManager, conversationId: string): Promise<ConversationMessage[]> {
  return em.find(ConversationMessage, { conversationId }, { orderBy: { sentAt: 'asc', id: 'asc' } });
}

/** Serialises openings per customer and channel, so two first messages at once open one conversation. */
export async function lockCustomerChannel(em: EntityManager, channel: Channel, customerId: string): Promise<void> {
  await em.execute('select pg_advisory_xact_lock(hashtext(?))', [`inquiry:${channel}:${customerId}`]);
}

/** Who waits in a line: a team's queue holds only what waits for the team, not escalated conversations. */
function waitingIn(line: WaitingLine): { sql: string; params: unknown[] } {
  return 'team' in line
    ? { sql: 'team = ? and not awaiting_escalation_holder', params: [line.team] }
    : { sql: 'awaiting_escalation_holder and escalation_level = ?', params: [line.escalationLevel] };
}

/** The oldest conversation waiting in the line that no other replica is assigning (locked till commit). */
export async function claimOldestWaiting(em: EntityManager, line: WaitingLine): Promise<Conversation | null> {
  const where = waitingIn(line);
  const rows = await em.execute<{ id: string }[]>(
    `select id from conversations where status = ? and ${where.sql}
     order by queued_at, id limit 1 for update skip locked`,
    [ConversationStatus.CONVERSATION_STATUS_QUEUED, ...where.params],
  );
  return rows[0] ? loadConversation(em, rows[0].id) : null;
}

/** The conversations of these ids, in the order given. */
async function inOrder(em: EntityManager, rows: { id: string }[]): Promise<Conversation[]> {
  const byId = new Map((await em.find(Conversation, { id: rows.map((r) => r.id) })).map((c) => [c.id, c]));
  return rows.map((r) => byId.get(r.id)!).filter(Boolean);
}

/** A line as it is served, oldest first, without messages; only what the scope lets the caller see. */
export async function listWaiting(
  em: EntityManager,
  line: WaitingLine,
  limit: number,
  scope: ConversationScope,
): Promise<Conversation[]> {
  const where = waitingIn(line);
  const visible = scopeCondition(scope);
  const rows = await em.execute<{ id: string }[]>(
    `select id from conversations where status = ? and ${where.sql} and ${visible.sql} order by queued_at, id limit ?`,
    [ConversationStatus.CONVERSATION_STATUS_QUEUED, ...where.params, ...visible.params, limit],
  );
  return inOrder(em, rows);
}

export interface ConversationFilter {
  status?: ConversationStatus;
  team?: string;
  assigneeId?: string;
}

/** Conversations matching the filter and within the scope, oldest first; `limit` rows after the keyset cursor. */
export async function listConversations(
  em: EntityManager,
  filter: ConversationFilter,
  scope: ConversationScope,
  page: { limit: number; after?: KeyValue[] | undefined },
): Promise<Conversation[]> {
  const conditions: string[] = [];
  const params: unknown[] = [];
  for (const [column, value] of [
    ['status', filter.status],
    ['team', filter.team],
    ['assignee_id', filter.assigneeId],
  ] as const) {
    if (!value) continue;
    conditions.push(`${column} = ?`);
    params.push(value);
  }
  const visible = scopeCondition(scope);
  const cursor = keysetSql(
    [
      ['opened_at', 'asc'],
      ['id', 'asc'],
    ],
    page.after,
  );
  const rows = await em.execute<{ id: string }[]>(
    `select id from conversations where ${[...conditions, visible.sql, cursor.sql].filter(Boolean).join(' and ')}
     order by opened_at, id limit ?`,
    [...params, ...visible.params, ...cursor.params, page.limit],
  );
  return inOrder(em, rows);
}

/** Every line that has someone waiting, for the scheduler's sweep. */
export async function linesWithWaiting(em: EntityManager): Promise<WaitingLine[]> {
  const rows = await em.execute<{ team: string; escalation_level: EscalationLevel; awaiting: boolean }[]>(
    `select distinct team, escalation_level, awaiting_escalation_holder as awaiting from conversations where status = ?`,
    [ConversationStatus.CONVERSATION_STATUS_QUEUED],
  );
  return rows.map((r) => (r.awaiting ? { escalationLevel: r.escalation_level } : { team: r.team }));
}
