import type { Actor } from '@cs/auth';
import { MessageKind } from '@cs/contracts/cs/inquiry/v1/conversation';
import type {
  ReplyToCustomerRequest,
  ReplyToCustomerResponse,
} from '@cs/contracts/cs/inquiry/v1/conversations_service';
import { Violations } from '@cs/errors';
import { CONFIG } from '@cs/service-kit';
import { MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import type { InquiryConfig } from '../inquiry.config.js';
import { ConversationReader } from './conversation.reader.js';
import { changeConversation } from './conversation-command.js';
import { checkAttachments, checkText } from './field-checks.js';
import { writeMessage, writeSystemNote } from './message.writer.js';
import { askedBy, earlierAnswer } from './once-by-key.js';
import { ReplyCheckGate } from './reply-check.gate.js';
import { refOf, scopeOf } from './staff-scope.js';

/** An agent answers the customer: the response clock stops; asking for something pauses the clocks. */
@Injectable()
export class ReplyToCustomerHandler {
  constructor(
    private readonly orm: MikroORM,
    private readonly reader: ConversationReader,
    private readonly replyCheck: ReplyCheckGate,
    @Inject(CONFIG) private readonly config: InquiryConfig,
  ) {}

  async execute(request: ReplyToCustomerRequest, actor: Actor): Promise<ReplyToCustomerResponse> {
    const violations = new Violations().require('conversation_id', request.conversationId);
    checkText('body', request.body, violations);
    checkAttachments(request.attachments, violations);
    violations.throwIfAny();
    // A retry answers from the first outcome before asking knowledge again (its verdict may differ now).
    const asked = askedBy(request, actor);
    const earlier = await earlierAnswer<ReplyToCustomerResponse['conversation']>(this.orm, 'ReplyToCustomer', asked);
    if (earlier) return { conversation: earlier };
    // The check runs while the caller's scope is read: it adds only what it takes beyond that read.
    const [checked, scope] = await Promise.all([
      this.replyCheck.beforeSending(request.body, request.conversationId, actor),
      scopeOf(this.orm.em.fork(), actor),
    ]);
    const conversation = await changeConversation(
      this.orm,
      this.reader,
      request.conversationId,
      scope,
      (em, c, now) => {
        c.reply(now, request.awaitingCustomer, this.config.calendar);
        writeMessage(em, c, MessageKind.MESSAGE_KIND_AGENT_REPLY, request.body, now, {
          author: refOf(actor),
          attachments: request.attachments,
        });
        if (checked?.warning) writeSystemNote(em, c, checked.warning, now);
        return checked && (() => this.replyCheck.recordAftermath(em, checked));
      },
      { operation: 'ReplyToCustomer', asked },
    );
    return { conversation };
  }
}
