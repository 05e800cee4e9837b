import { EntitySchema } from '@mikro-orm/postgresql';
import { ConversationMessage } from '../domain/conversation-message.entity.js';

export const ConversationMessageSchema = new EntitySchema<ConversationMessage>({
  class: ConversationMessage,
  tableName: 'messages',
  properties: {
    id: { type: 'uuid', primary: true },
    conversationId: { type: 'uuid' },
    channel: { type: 'string' },
    channelMessageId: { type: 'string', nullable: true },
    kind: { type: 'string' },
    body: { type: 'string' },
    attachments: { type: 'json' },
    author: { type: 'json', nullable: true },
    sentAt: { type: 'datetime' },
  },
});
