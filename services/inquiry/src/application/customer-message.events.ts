import type { EntityManager } from '@mikro-orm/postgresql';
import type { Conversation } from '../domain/conversation.aggregate.js';
import type { ConversationMessage } from '../domain/conversation-message.entity.js';
import { addEvents, type PendingEvent } from './conversation.events.js';
import { toTimestamp } from './timestamps.js';

/**
 * cs.inquiry.message.received: knowledge answers it with suggestions (cs.knowledge.suggestions.made)
 * and records unanswered questions as gaps. Written with the message, after the flush (the version).
 */
export function messageReceivedEvent(c: Conversation, message: ConversationMessage): PendingEvent {
  return {
    subject: 'cs.inquiry.message.received',
    payload: {
      conversationId: c.id,
      messageId: message.id,
      body: message.body,
      team: c.team,
      sentAt: toTimestamp(message.sentAt),
      conversationVersion: c.version,
      customerId: c.customer.customerId,
    },
    meta: { aggregateId: c.id, aggregateVersion: c.version },
  } as PendingEvent;
}

export function customerMessageReceived(
  em: EntityManager,
  c: Conversation,
  message: ConversationMessage,
): Promise<void> {
  return addEvents(em, [messageReceivedEvent(c, message)]);
}
