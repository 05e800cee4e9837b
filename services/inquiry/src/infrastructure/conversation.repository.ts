import type { Channel } from '@cs/contracts/cs/inquiry/v1/conversation';
import { ConversationStatus } from '@cs/contracts/cs/inquiry/v1/conversation';
import { NotFound } from '@cs/errors';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Conversation } from '../domain/conversation.aggregate.js';
import { ConversationMessage } from '../domain/conversation-message.entity.js';

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
