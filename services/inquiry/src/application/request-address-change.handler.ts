import type { Actor } from '@cs/auth';
import {
  OrderChangeOutcome,
  type RequestAddressChangeRequest,
  type RequestAddressChangeResponse,
} from '@cs/contracts/cs/inquiry/v1/conversations_service';
import { ChangeAddressOutcome } from '@cs/contracts/cs/orders/v1/orders_service';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { OrdersClient } from '../infrastructure/orders.client.js';
import { ConversationReader } from './conversation.reader.js';
import { changedReply, handedOverReply, orderChangeViolations, requestOrderChange } from './order-change.command.js';

/**
 * 改地址 asked in a conversation: the order desk decides by fulfilment stage (its own rules); the
 * outcome — changed, a warehouse task, or handed to after-sales — is written into the conversation.
 */
@Injectable()
export class RequestAddressChangeHandler {
  constructor(
    private readonly orm: MikroORM,
    private readonly reader: ConversationReader,
    private readonly ordersClient: OrdersClient,
  ) {}

  execute(request: RequestAddressChangeRequest, actor: Actor): Promise<RequestAddressChangeResponse> {
    const violations = orderChangeViolations(request);
    if (!request.newAddress) violations.add('new_address', 'is required');
    violations.throwIfAny();
    return requestOrderChange(this.orm, this.reader, 'RequestAddressChange', request, actor, {
      ask: async (call) => {
        const changed = await this.ordersClient.for(actor).changeAddress({ ...call, newAddress: request.newAddress });
        const warehouse = changed.outcome === ChangeAddressOutcome.CHANGE_ADDRESS_OUTCOME_WAREHOUSE_TASK_OPENED;
        const outcome = warehouse
          ? OrderChangeOutcome.ORDER_CHANGE_OUTCOME_WAREHOUSE_TASK
          : OrderChangeOutcome.ORDER_CHANGE_OUTCOME_CHANGED;
        return changedReply('地址', outcome, changed.remark?.text);
      },
      handedOver: (orderId) => handedOverReply(orderId, '改地址', '拦截或改派'),
    });
  }
}
