import type { Actor } from '@cs/auth';
import {
  OrderChangeOutcome,
  type RequestCancellationRequest,
  type RequestCancellationResponse,
} from '@cs/contracts/cs/inquiry/v1/conversations_service';
import { CancelOrderOutcome } from '@cs/contracts/cs/orders/v1/orders_service';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { OrdersClient } from '../infrastructure/orders.client.js';
import { ConversationReader } from './conversation.reader.js';
import {
  handedOverReply,
  type OrderDeskReply,
  orderChangeViolations,
  requestOrderChange,
} from './order-change.command.js';

type CancellationReply = OrderDeskReply & { refundRequested: boolean };

/**
 * 拍下付款后不想要 asked in a conversation: the order desk voids the order or has the warehouse hand
 * it back, and asks after-sales to refund a paid one; a shipped order goes to after-sales to intercept.
 */
@Injectable()
export class RequestCancellationHandler {
  constructor(
    private readonly orm: MikroORM,
    private readonly reader: ConversationReader,
    private readonly ordersClient: OrdersClient,
  ) {}

  execute(request: RequestCancellationRequest, actor: Actor): Promise<RequestCancellationResponse> {
    orderChangeViolations(request).throwIfAny();
    return requestOrderChange(this.orm, this.reader, 'RequestCancellation', request, actor, {
      ask: async (call): Promise<CancellationReply> => {
        const cancelled = await this.ordersClient.for(actor).cancelOrder(call);
        const warehouse = cancelled.outcome === CancelOrderOutcome.CANCEL_ORDER_OUTCOME_WAREHOUSE_TASK_OPENED;
        return {
          // Voided at once (CHANGED), or the warehouse hands back documents or the parcel first.
          outcome: warehouse
            ? OrderChangeOutcome.ORDER_CHANGE_OUTCOME_WAREHOUSE_TASK
            : OrderChangeOutcome.ORDER_CHANGE_OUTCOME_CHANGED,
          // The desk's remark already says what the warehouse and after-sales do, and when the refund goes out.
          summary: `已取消订单：${cancelled.remark?.text ?? ''}`,
          // A packed order's refund is asked for once the warehouse has restocked it, not yet.
          refundRequested: cancelled.refundRequested,
        };
      },
      // Not refunded yet: after-sales intercepts the parcel first.
      handedOver: (orderId) => ({ ...handedOverReply(orderId, '取消', '拦截'), refundRequested: false }),
    });
  }
}
