import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import type { ComplaintAcknowledged } from '@cs/contracts/cs/complaints/v1/events';
import { MessageKind } from '@cs/contracts/cs/inquiry/v1/conversation';
import { LOGGER } from '@cs/service-kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { Conversation } from '../domain/conversation.aggregate.js';
import { findByChannelMessage } from '../infrastructure/conversation.repository.js';
import { writeMessage } from './message.writer.js';

/** Who signs the apology in the conversation: the complaints desk's service account, not an agent. */
export const COMPLAINTS_DESK: AgentRef = { agentId: 'service:complaints', name: '投诉处理中心' };

/**
 * The message's key among the channel's messages (unique per channel): one apology per complaint,
 * however often or under whichever event id the acknowledgement arrives.
 */
export const acknowledgementMessageId = (complaintId: string) => `complaints:acknowledged:${complaintId}`;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Step 1 of a complaint (domain.md §4): the complaints desk's apology and registration number, posted
 * into the customer's conversation as a reply the customer sees, in the event's own transaction.
 *
 * It is an automatic reply, so the response clocks keep running (as the marketplaces do not count
 * auto-replies as a response): the customer still waits for a person, and the agent's first
 * response is still measured. A closed conversation gets the apology too, without being reopened:
 * the customer finds it in the chat when they come back, and no agent is queued for a message that
 * asks nothing of them (the complaints desk follows the complaint up itself).
 */
@Injectable()
export class PostComplaintAcknowledgementHandler {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  async execute(em: EntityManager, event: ComplaintAcknowledged): Promise<void> {
    const log = { complaintId: event.complaintId, conversationId: event.conversationId };
    // A complaint from a platform, 12315 or a review has no conversation to answer in.
    if (!event.conversationId || !event.text || !event.complaintId) return;
    const conversation = uuidPattern.test(event.conversationId)
      ? await em.findOne(Conversation, { id: event.conversationId })
      : null;
    if (!conversation) {
      this.logger.warn(log, 'complaint acknowledged for an unknown conversation: nothing posted');
      return;
    }
    // Never into another customer's conversation, whatever the event says.
    if (event.customer?.customerId && event.customer.customerId !== conversation.customer.customerId) {
      this.logger.warn(log, "complaint acknowledged for another customer than the conversation's: nothing posted");
      return;
    }
    const channelMessageId = acknowledgementMessageId(event.complaintId);
    if (await findByChannelMessage(em, conversation.channel, channelMessageId)) return;
    writeMessage(em, conversation, MessageKind.MESSAGE_KIND_AGENT_REPLY, event.text, new Date(), {
      author: COMPLAINTS_DESK,
      channelMessageId,
    });
    if (conversation.isClosed())
      this.logger.info(log, 'complaint acknowledged in a closed conversation: posted, not reopened');
  }
}
