import type { Actor } from '@cs/auth';
import { Channel, type Conversation as ConversationView } from '@cs/contracts/cs/inquiry/v1/conversation';
import { OrderChangeOutcome } from '@cs/contracts/cs/inquiry/v1/conversations_service';
import { ConfirmationChannel, type CustomerConfirmation } from '@cs/contracts/cs/orders/v1/order';
import { RuleViolation, Violations } from '@cs/errors';
import { earlierOutcome, runIdempotent } from '@cs/persistence';
import type { MikroORM } from '@mikro-orm/postgresql';
import { loadConversation } from '../infrastructure/conversation.repository.js';
import { fromOrderDeskError } from '../infrastructure/order-desk.errors.js';
import type { ConversationReader } from './conversation.reader.js';
import { writeSystemNote } from './message.writer.js';
import { ensureInScope, scopeOf } from './staff-scope.js';

export const SHIPPED_ORDER_RULE = 'order-desk.shipped-order-goes-to-aftersales';
export const NO_ORDER_RULE = 'front-line.order-change-needs-an-order';

// Our keys reach the order desk prefixed, and it takes at most 128 characters.
const KEY_PREFIX = 'inquiry:';
const MAX_KEY = 128 - KEY_PREFIX.length;

const confirmationChannel: Record<Channel, ConfirmationChannel> = {
  [Channel.CHANNEL_UNSPECIFIED]: ConfirmationChannel.CONFIRMATION_CHANNEL_CHAT,
  [Channel.CHANNEL_MARKETPLACE_IM]: ConfirmationChannel.CONFIRMATION_CHANNEL_CHAT,
  [Channel.CHANNEL_WECHAT]: ConfirmationChannel.CONFIRMATION_CHANNEL_CHAT,
  [Channel.CHANNEL_SOCIAL_DM]: ConfirmationChannel.CONFIRMATION_CHANNEL_CHAT,
  [Channel.CHANNEL_PHONE]: ConfirmationChannel.CONFIRMATION_CHANNEL_PHONE,
  [Channel.CHANNEL_EMAIL]: ConfirmationChannel.CONFIRMATION_CHANNEL_EMAIL,
};

/** What every order change asked in a conversation carries. */
export interface OrderChangeRequest {
  conversationId: string;
  /** Empty: the conversation's order. */
  orderId: string;
  idempotencyKey: string;
}

/** What every change request to the order desk carries (the agent rides along as their token). */
export interface OrderDeskCall {
  orderId: string;
  idempotencyKey: string;
  confirmation: CustomerConfirmation;
}

/** The order desk's answer, as written into the conversation. */
export interface OrderDeskReply {
  outcome: OrderChangeOutcome;
  summary: string;
}

/** The common fields checked; the handler adds its own, then throws. */
export function orderChangeViolations(request: OrderChangeRequest): Violations {
  const violations = new Violations()
    .require('conversation_id', request.conversationId)
    .require('idempotency_key', request.idempotencyKey);
  if (request.idempotencyKey.length > MAX_KEY)
    violations.add('idempotency_key', `must be at most ${MAX_KEY} characters`);
  return violations;
}

/** 改地址/改属性 done: at once, or reprinted once the warehouse hands back the documents or the parcel. */
export function changedReply(what: string, outcome: OrderChangeOutcome, remarkText = ''): OrderDeskReply {
  const reprint = outcome === OrderChangeOutcome.ORDER_CHANGE_OUTCOME_WAREHOUSE_TASK ? '，仓库取回单据/包裹后重打' : '';
  return { outcome, summary: `已改${what}${reprint}：${remarkText}` };
}

/** Shipped: the order desk refused and handed the order to after-sales, which does `how`. */
export function handedOverReply(orderId: string, what: string, how: string): OrderDeskReply {
  return {
    outcome: OrderChangeOutcome.ORDER_CHANGE_OUTCOME_HANDED_TO_AFTERSALES,
    summary: `订单 ${orderId} 已发货，无法${what}，已转交售后（${how}）`,
  };
}

/**
 * Asks the order desk for a change, then writes its answer into the conversation as a system
 * message and a handling step. The call runs outside our transaction; the idempotency key makes a
 * retry ask the desk again (which returns its first answer) and write once. A shipped order is
 * refused by the desk and handed to after-sales: an answer for the conversation, not an error.
 * The actor must be allowed to act on the conversation; the desk's remark carries their name.
 */
export async function requestOrderChange<R extends OrderDeskReply>(
  orm: MikroORM,
  reader: ConversationReader,
  operation: string,
  request: OrderChangeRequest,
  actor: Actor,
  desk: { ask(call: OrderDeskCall): Promise<R>; handedOver(orderId: string): R },
): Promise<R & { conversation: ConversationView }> {
  // A retry answers from our record: the desk would see a newer confirmation if the customer wrote since.
  // Another agent's request under the same key is a different request (refused, not answered).
  const asked = { ...request, actedBy: actor.agentId };
  const earlier = await earlierOutcome<R & { conversation: ConversationView }>(orm, operation, asked);
  if (earlier) return earlier;
  const em = orm.em.fork();
  const c = await loadConversation(em, request.conversationId);
  ensureInScope(await scopeOf(em, actor), c);
  c.ensureOpen();
  const orderId = request.orderId || c.orderId;
  if (!orderId) throw new RuleViolation(NO_ORDER_RULE, `conversation ${c.id} has no order: give order_id`);
  let reply: R;
  try {
    reply = await desk.ask({
      orderId,
      idempotencyKey: `${KEY_PREFIX}${request.idempotencyKey}`,
      // The customer asked in the conversation: their last message is the confirmation, which also keeps
      // the request identical on a retry (the order desk compares retries by content).
      confirmation: {
        confirmedAt: { seconds: Math.floor(c.lastCustomerAt.getTime() / 1000), nanos: 0 },
        channel: confirmationChannel[c.channel],
      },
    });
  } catch (error) {
    const mapped = fromOrderDeskError(error, orderId);
    if (!(mapped instanceof RuleViolation) || mapped.rule !== SHIPPED_ORDER_RULE) throw mapped;
    reply = desk.handedOver(orderId);
  }
  return runIdempotent(orm, operation, asked, async (em) => {
    const conversation = await loadConversation(em, request.conversationId);
    conversation.addHandlingStep(`${reply.summary} ---${actor.name}`);
    if (!conversation.orderId) conversation.orderId = orderId;
    writeSystemNote(em, conversation, reply.summary, new Date());
    await em.flush();
    return { response: { ...reply, conversation: await reader.full(em, conversation) } };
  });
}
