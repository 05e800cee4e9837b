import type { Actor } from '@cs/auth';
import type { ConfirmOrderRequest, ConfirmOrderResponse } from '@cs/contracts/cs/inquiry/v1/conversations_service';
import { Violations } from '@cs/errors';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ConversationReader } from './conversation.reader.js';
import { changeConversation } from './conversation-command.js';
import { writeSystemNote } from './message.writer.js';
import { askedBy } from './once-by-key.js';
import { scopeOf } from './staff-scope.js';

/** The customer confirmed the order: the conversation closes itself once they go quiet. */
@Injectable()
export class ConfirmOrderHandler {
  constructor(
    private readonly orm: MikroORM,
    private readonly reader: ConversationReader,
  ) {}

  async execute(request: ConfirmOrderRequest, actor: Actor): Promise<ConfirmOrderResponse> {
    const violations = new Violations()
      .require('conversation_id', request.conversationId)
      .require('order_id', request.orderId);
    violations.throwIfAny();
    const scope = await scopeOf(this.orm.em.fork(), actor);
    const conversation = await changeConversation(
      this.orm,
      this.reader,
      request.conversationId,
      scope,
      (em, c, now) => {
        c.confirmOrder(request.orderId, now);
        writeSystemNote(em, c, `订单 ${request.orderId} 已确认（${actor.name}）`, now);
      },
      { operation: 'ConfirmOrder', asked: askedBy(request, actor) },
    );
    return { conversation };
  }
}
