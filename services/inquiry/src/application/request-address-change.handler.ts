import { Channel, MessageKind } from '@cs/contracts/cs/inquiry/v1/conversation';
import {
  OrderChangeOutcome,
  type RequestAddressChangeRequest,
  type RequestAddressChangeResponse,
} from '@cs/contracts/cs/inquiry/v1/conversations_service';
import { ConfirmationChannel } from '@cs/contracts/cs/orders/v1/order';
import { ChangeAddressOutcome } from '@cs/contracts/cs/orders/v1/orders_service';
import { RuleViolation, Violations } from '@cs/errors';
import { runIdempotent } from '@cs/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { loadConversation } from '../infrastructure/conversation.repository.js';
import { fromOrderDeskError } from '../infrastructure/order-desk.errors.js';
import { OrdersClient } from '../infrastructure/orders.client.js';
import { ConversationReader } from './conversation.reader.js';
import { checkAgent } from './field-checks.js';
import { writeMessage } from './message.writer.js';

export const SHIPPED_ORDER_RULE = 'order-desk.shipped-order-goes-to-aftersales';
export const NO_ORDER_RULE = 'front-line.order-change-needs-an-order';

const confirmationChannel: Record<Channel, ConfirmationChannel> = {
  [Channel.CHANNEL_UNSPECIFIED]: ConfirmationChannel.CONFIRMATION_CHANNEL_CHAT,
  [Channel.CHANNEL_MARKETPLACE_IM]: ConfirmationChannel.CONFIRMATION_CHANNEL_CHAT,
  [Channel.CHANNEL_WECHAT]: ConfirmationChannel.CONFIRMATION_CHANNEL_CHAT,
  [Channel.CHANNEL_SOCIAL_DM]: ConfirmationChannel.CONFIRMATION_CHANNEL_CHAT,
  [Channel.CHANNEL_PHONE]: ConfirmationChannel.CONFIRMATION_CHANNEL_PHONE,
  [Channel.CHANNEL_EMAIL]: ConfirmationChannel.CONFIRMATION_CHANNEL_EMAIL,
};

/**
 * 改地址 asked in a conversation: the order desk decides by fulfilment stage (its own rules); the
 * outcome — changed, a warehouse task, or handed to after-sales — is written into the conversation.
 * The call runs outside our transaction; the idempotency key makes a retry ask the desk and write once.
 */
@Injectable()
export class RequestAddressChangeHandler {
  constructor(
    private readonly orm: MikroORM,
    private readonly reader: ConversationReader,
    private readonly ordersClient: OrdersClient,
  ) {}

  async execute(request: RequestAddressChangeRequest): Promise<RequestAddressChangeResponse> {
    const violations = new Violations()
      .require('conversation_id', request.conversationId)
      .require('idempotency_key', request.idempotencyKey);
    checkAgent('agent', request.agent, violations);
    if (!request.newAddress) violations.add('new_address', 'is required');
    violations.throwIfAny();
    const c = await loadConversation(this.orm.em.fork(), request.conversationId);
    c.ensureOpen();
    const orderId = request.orderId || c.orderId;
    if (!orderId) throw new RuleViolation(NO_ORDER_RULE, `conversation ${c.id} has no order: give order_id`);
    let outcome: OrderChangeOutcome;
    let summary: string;
    try {
      const changed = await this.ordersClient.orders.changeAddress({
        orderId,
        newAddress: request.newAddress,
        agent: request.agent,
        idempotencyKey: `inquiry:${request.idempotencyKey}`,
        // The customer asked in the conversation: their last message is the confirmation, which also keeps
        // the request identical on a retry (the order desk compares retries by content).
        confirmation: {
          confirmedAt: { seconds: Math.floor(c.lastCustomerAt.getTime() / 1000), nanos: 0 },
          channel: confirmationChannel[c.channel],
        },
      });
      const warehouse = changed.outcome === ChangeAddressOutcome.CHANGE_ADDRESS_OUTCOME_WAREHOUSE_TASK_OPENED;
      outcome = warehouse
        ? OrderChangeOutcome.ORDER_CHANGE_OUTCOME_WAREHOUSE_TASK
        : OrderChangeOutcome.ORDER_CHANGE_OUTCOME_CHANGED;
      summary = `${warehouse ? '已改地址，仓库取回单据/包裹后重打' : '已改地址'}：${changed.remark?.text ?? ''}`;
    } catch (error) {
      const mapped = fromOrderDeskError(error, orderId);
      if (!(mapped instanceof RuleViolation) || mapped.rule !== SHIPPED_ORDER_RULE) throw mapped;
      outcome = OrderChangeOutcome.ORDER_CHANGE_OUTCOME_HANDED_TO_AFTERSALES;
      summary = `订单 ${orderId} 已发货，无法改地址，已转交售后（拦截或改派）`;
    }
    return runIdempotent(this.orm, 'RequestAddressChange', request, async (em) => {
      const conversation = await loadConversation(em, request.conversationId);
      const now = new Date();
      conversation.addHandlingStep(`${summary} ---${request.agent!.name}`);
      if (!conversation.orderId) conversation.orderId = orderId;
      writeMessage(em, conversation, MessageKind.MESSAGE_KIND_SYSTEM, summary, now);
      await em.flush();
      return { response: { outcome, summary, conversation: await this.reader.full(em, conversation) } };
    });
  }
}
