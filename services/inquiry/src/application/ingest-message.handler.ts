import { ClassificationSource, MessageKind, Priority } from '@cs/contracts/cs/inquiry/v1/conversation';
import type { IngestMessageRequest, IngestMessageResponse } from '@cs/contracts/cs/inquiry/v1/conversations_service';
import { transactionWithRetry } from '@cs/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { classify, teamFor } from '../domain/classification.rule.js';
import { Conversation } from '../domain/conversation.aggregate.js';
import {
  findByChannelMessage,
  findOpenConversation,
  loadConversation,
  lockCustomerChannel,
} from '../infrastructure/conversation.repository.js';
import { InquiryCommands } from '../infrastructure/inquiry-commands.js';
import { RuleStore } from '../infrastructure/rule.store.js';
import { routeToTeam } from './assignment.service.js';
import { conversationClassified, conversationOpened } from './conversation.events.js';
import { ConversationReader } from './conversation.reader.js';
import { customerMessageReceived } from './customer-message.events.js';
import { ingestNewConversation } from './ingest-message.lean.js';
import { validateIngestMessage } from './ingest-message.validator.js';
import { writeMessage } from './message.writer.js';
import { fromTimestamp } from './timestamps.js';

/**
 * Every channel's customer message: opens a conversation (classified by the rules, routed to its
 * team, assigned or queued) or joins the customer's open one. The channel message id makes a replay
 * change nothing, even two replays at once (the unique index decides, the retry finds the first).
 */
@Injectable()
export class IngestMessageHandler {
  constructor(
    private readonly orm: MikroORM,
    private readonly reader: ConversationReader,
    private readonly commands: InquiryCommands,
  ) {}

  async execute(request: IngestMessageRequest): Promise<IngestMessageResponse> {
    validateIngestMessage(request);
    // The hot case (a new conversation) on the lean path; a replay or a follow-up message on the ORM's.
    const opened = await this.commands.transactions.run(() =>
      ingestNewConversation(this.commands, this.reader, request),
    );
    return opened ?? this.ingest(request);
  }

  private ingest(request: IngestMessageRequest): Promise<IngestMessageResponse> {
    return transactionWithRetry(this.orm, async (em) => {
      const replayOf = await findByChannelMessage(em, request.channel, request.channelMessageId);
      if (replayOf) {
        const c = await loadConversation(em, replayOf);
        return { conversation: await this.reader.full(em, c), accepted: false, opened: false };
      }
      const customer = request.customer!;
      await lockCustomerChannel(em, request.channel, customer.customerId);
      const sentAt = request.sentAt ? fromTimestamp(request.sentAt) : new Date();
      let c = await findOpenConversation(em, request.channel, customer.customerId);
      const opened = !c;
      if (!c) {
        c = Conversation.open({
          channel: request.channel,
          customer,
          orderId: request.order?.orderId || null,
          priority: request.priority === Priority.PRIORITY_UNSPECIFIED ? Priority.PRIORITY_NORMAL : request.priority,
          sentAt,
        });
        em.persist(c);
      } else {
        c.receiveCustomerMessage(sentAt);
        if (!c.orderId && request.order?.orderId) c.orderId = request.order.orderId;
      }
      const message = writeMessage(em, c, MessageKind.MESSAGE_KIND_CUSTOMER, request.body, sentAt, {
        attachments: request.attachments,
        channelMessageId: request.channelMessageId,
      });
      let classified = false;
      let routed: Awaited<ReturnType<typeof routeToTeam>> | undefined;
      if (opened || c.mayReclassifyByRules()) {
        const { conversationClass } = classify(request.body, await RuleStore.rules(em));
        if (opened || conversationClass !== c.conversationClass) {
          classified = c.classify(conversationClass, ClassificationSource.CLASSIFICATION_SOURCE_RULES);
          const team = teamFor(conversationClass);
          if (opened || team !== c.team) routed = await routeToTeam(em, c, team, 'routed by class', new Date());
        }
      }
      await em.flush();
      if (opened) await conversationOpened(em, c);
      if (classified) await conversationClassified(em, c, request.body);
      await routed?.announce();
      await customerMessageReceived(em, c, message);
      return { conversation: await this.reader.full(em, c), accepted: true, opened };
    });
  }
}
