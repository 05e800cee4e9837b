import type { Actor } from '@cs/auth';
import {
  OrderChangeOutcome,
  type RequestAttributeChangeRequest,
  type RequestAttributeChangeResponse,
} from '@cs/contracts/cs/inquiry/v1/conversations_service';
import { ChangeAttributesOutcome } from '@cs/contracts/cs/orders/v1/orders_service';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { OrdersClient } from '../infrastructure/orders.client.js';
import { ConversationReader } from './conversation.reader.js';
import { checkText } from './field-checks.js';
import { changedReply, handedOverReply, orderChangeViolations, requestOrderChange } from './order-change.command.js';

// The order desk's limit for SKUs and titles: refused here first, naming our fields.
const MAX_SKU = 200;

/**
 * 改属性 asked in a conversation: one order line becomes another SKU (colour, size) of the product,
 * as the order desk's fulfilment-stage table allows; the outcome is written into the conversation.
 */
@Injectable()
export class RequestAttributeChangeHandler {
  constructor(
    private readonly orm: MikroORM,
    private readonly reader: ConversationReader,
    private readonly ordersClient: OrdersClient,
  ) {}

  execute(request: RequestAttributeChangeRequest, actor: Actor): Promise<RequestAttributeChangeResponse> {
    const violations = orderChangeViolations(request);
    checkText('sku', request.sku, violations, { max: MAX_SKU });
    checkText('new_sku', request.newSku, violations, { max: MAX_SKU });
    checkText('new_title', request.newTitle, violations, { max: MAX_SKU });
    if (request.sku && request.sku === request.newSku) violations.add('new_sku', 'must differ from sku');
    violations.throwIfAny();
    return requestOrderChange(this.orm, this.reader, 'RequestAttributeChange', request, actor, {
      ask: async (call) => {
        const { sku, newSku, newTitle } = request;
        // The conversation's request names no colour or size apart from the SKU and its title.
        const changed = await this.ordersClient
          .for(actor)
          .changeAttributes({ ...call, sku, newSku, newTitle, newAttributes: {} });
        // The desk says what it did; its tasks are not read for it.
        const warehouse = changed.outcome === ChangeAttributesOutcome.CHANGE_ATTRIBUTES_OUTCOME_WAREHOUSE_TASK_OPENED;
        const outcome = warehouse
          ? OrderChangeOutcome.ORDER_CHANGE_OUTCOME_WAREHOUSE_TASK
          : OrderChangeOutcome.ORDER_CHANGE_OUTCOME_CHANGED;
        return changedReply('属性', outcome, changed.remark?.text);
      },
      handedOver: (orderId) => handedOverReply(orderId, '改属性', '换货'),
    });
  }
}
