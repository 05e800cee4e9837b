import type { Actor } from '@cs/auth';
import type {
  RequestCancellationRequest,
  RequestCancellationResponse,
} from '@cs/contracts/cs/inquiry/v1/conversations_service';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { OrdersClient } from '../infrastructure/orders.client.js';
import { ConversationReader } from './conversation.reader.js';
import { handedOverReply, orderChangeViolations, outcomeOfTasks, requestOrderChange } from './order-change.command.js';

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
      ask: async (call) => {
        const cancelled = await this.ordersClient.for(actor).cancelOrder(call);
        return {
          outcome: outcomeOfTasks(cancelled.tasks),
          // The desk's remark already says what the warehouse and after-sales do.
          summary: `已取消订单：${cancelled.remark?.text ?? ''}`,
          refundRequested: cancelled.refundRequested,
        };
      },
      // Not refunded yet: after-sales intercepts the parcel first.
      handedOver: (orderId) => ({ ...handedOverReply(orderId, '取消', '拦截'), refundRequested: false }),
    });
  }
}
