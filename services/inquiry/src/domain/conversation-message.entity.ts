import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import type { Attachment, Channel, MessageKind } from '@cs/contracts/cs/inquiry/v1/conversation';

/** One message of a conversation: the customer's, an agent's reply or note, or the platform's. */
export class ConversationMessage {
  id!: string;
  conversationId!: string;
  channel!: Channel;
  /** The channel's id of a customer message; unique per channel, so a replay is recognised. */
  channelMessageId!: string | null;
  kind!: MessageKind;
  body!: string;
  attachments!: Attachment[];
  author!: AgentRef | null;
  sentAt!: Date;

  static write(fields: ConversationMessage): ConversationMessage {
    return Object.assign(new ConversationMessage(), fields);
  }
}
