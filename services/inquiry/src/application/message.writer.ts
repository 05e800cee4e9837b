import { uuidv7 } from '@cs/bus';
import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import { type Attachment, MessageKind } from '@cs/contracts/cs/inquiry/v1/conversation';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Conversation } from '../domain/conversation.aggregate.js';
import { ConversationMessage } from '../domain/conversation-message.entity.js';

type MessageExtras = { author?: AgentRef | null; attachments?: Attachment[]; channelMessageId?: string | null };

/** Adds a message to the conversation in the caller's unit of work. */
export function writeMessage(
  em: EntityManager,
  c: Conversation,
  kind: MessageKind,
  body: string,
  at: Date,
  extra: MessageExtras = {},
): ConversationMessage {
  const message = newMessage(c, kind, body, at, extra);
  em.persist(message);
  return message;
}

/** A new message of the conversation, not yet saved (the lean path writes it as a row). */
export function newMessage(
  c: Conversation,
  kind: MessageKind,
  body: string,
  at: Date,
  extra: MessageExtras = {},
): ConversationMessage {
  // Time-ordered ids keep messages of the same second in the order they were written.
  return ConversationMessage.write({
    id: uuidv7(),
    conversationId: c.id,
    channel: c.channel,
    channelMessageId: extra.channelMessageId ?? null,
    kind,
    body,
    attachments: extra.attachments ?? [],
    author: extra.author ?? null,
    sentAt: at,
  });
}

/** The platform's own line in the conversation: outcomes, assignments, escalations. */
export function writeSystemNote(em: EntityManager, c: Conversation, body: string, at: Date): void {
  writeMessage(em, c, MessageKind.MESSAGE_KIND_SYSTEM, body, at);
}
