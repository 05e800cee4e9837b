import type { Actor } from '@cs/auth';
import type { AttributeSaleRequest, AttributeSaleResponse } from '@cs/contracts/cs/inquiry/v1/conversations_service';
import { Violations } from '@cs/errors';
import { runIdempotent } from '@cs/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { loadConversation } from '../infrastructure/conversation.repository.js';
import { DeskStore } from '../infrastructure/desk.store.js';
import { fromOrderDeskError } from '../infrastructure/order-desk.errors.js';
import { OrdersClient } from '../infrastructure/orders.client.js';
import { ConversationReader } from './conversation.reader.js';
import { checkAgent } from './field-checks.js';
import { writeSystemNote } from './message.writer.js';
import { ensureInScope, scopeOf } from './staff-scope.js';

/**
 * 小蓝旗: the order desk writes the blue-flag remark; we keep the sale for the agent's daily figures.
 * The salesperson credited is named in the request (it need not be the caller); the caller must be
 * allowed to act on the conversation.
 */
@Injectable()
export class AttributeSaleHandler {
  constructor(
    private readonly orm: MikroORM,
    private readonly reader: ConversationReader,
    private readonly ordersClient: OrdersClient,
  ) {}

  async execute(request: AttributeSaleRequest, actor: Actor): Promise<AttributeSaleResponse> {
    const violations = new Violations()
      .require('conversation_id', request.conversationId)
      .require('order_id', request.orderId)
      .require('idempotency_key', request.idempotencyKey);
    checkAgent('sales_agent', request.salesAgent, violations);
    violations.throwIfAny();
    const em = this.orm.em.fork();
    const conversation = await loadConversation(em, request.conversationId);
    ensureInScope(await scopeOf(em, actor), conversation);
    conversation.ensureOpen();
    const attributed = await this.ordersClient
      .for(actor)
      .attributeSale({
        orderId: request.orderId,
        salesAgent: request.salesAgent,
        idempotencyKey: `inquiry:${request.idempotencyKey}`,
      })
      .catch((error) => {
        throw fromOrderDeskError(error, request.orderId);
      });
    const remarkText = attributed.remark?.text ?? '';
    // The same key from another caller is another request.
    const asked = { ...request, actedBy: actor.agentId };
    return runIdempotent(this.orm, 'AttributeSale', asked, async (em) => {
      const c = await loadConversation(em, request.conversationId);
      await DeskStore.attributeSale(em, { orderId: request.orderId, conversationId: c.id, agent: request.salesAgent! });
      writeSystemNote(
        em,
        c,
        `销售归属 ${request.salesAgent!.name}（订单 ${request.orderId}）${remarkText}`,
        new Date(),
      );
      await em.flush();
      return { response: { conversation: await this.reader.full(em, c), remarkText } };
    });
  }
}
