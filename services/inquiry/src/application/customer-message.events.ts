import { Outbox } from '@cs/bus';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Conversation } from '../domain/conversation.aggregate.js';
import type { ConversationMessage } from '../domain/conversation-message.entity.js';
import { toTimestamp } from './timestamps.js';

/**
 * cs.inquiry.message.received: knowledge answers it with suggestions (cs.knowledge.suggestions.made)
 * and records unanswered questions as gaps. Written with the message, after the flush (the version).
 */
export async function customerMessageReceived(
  em: EntityManager,
  c: Conversation,
  message: ConversationMessage,
): Promise<void> {
  await Outbox.add(
    em,
    'cs.inquiry.message.received',
    {
      conversationId: c.id,
      messageId: message.id,
      body: message.body,
      team: c.team,
      sentAt: toTimestamp(message.sentAt),
      conversationVersion: c.version,
      customerId: c.customer.customerId,
    },
    { aggregateId: c.id, aggregateVersion: c.version },
  );
}
