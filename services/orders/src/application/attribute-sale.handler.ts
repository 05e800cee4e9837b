import { Outbox } from '@cs/bus';
import type { PlatformConfig } from '@cs/config';
import { RemarkKind } from '@cs/contracts/cs/orders/v1/order';
import type { AttributeSaleRequest, AttributeSaleResponse } from '@cs/contracts/cs/orders/v1/orders_service';
import { Violations } from '@cs/errors';
import { runIdempotent } from '@cs/persistence';
import { CONFIG } from '@cs/service-kit';
import { MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { checkMayCreditSale } from '../domain/sale-credit.rule.js';
import type { Staff } from '../domain/staff.js';
import { loadOrder } from '../infrastructure/order.repository.js';
import { retryIdentity } from './change-context.js';
import { checkAgent } from './change-request.validator.js';
import { orderView, remarkView } from './order.view.js';

/**
 * 小蓝旗: the order is marked with the agent who made the sale, for commission (blue flag). The
 * request names the seller; who marks it (and signs the remark) is the caller, from their token.
 */
@Injectable()
export class AttributeSaleHandler {
  constructor(
    private readonly orm: MikroORM,
    @Inject(CONFIG) private readonly config: PlatformConfig,
  ) {}

  execute(request: AttributeSaleRequest, actor: Staff): Promise<AttributeSaleResponse> {
    const violations = new Violations().require('order_id', request.orderId);
    checkAgent('sales_agent', request.salesAgent, violations);
    violations.require('idempotency_key', request.idempotencyKey);
    violations.throwIfAny();
    checkMayCreditSale(actor, request.salesAgent!);
    const markedBy = { agentId: actor.agentId, name: actor.name };
    return runIdempotent(this.orm, 'AttributeSale', retryIdentity(request, markedBy), async (em) => {
      const order = await loadOrder(em, request.orderId);
      const remark = order.attributeSale(request.salesAgent!, markedBy, new Date(), this.config.shopTimezone);
      if (remark) {
        await em.flush();
        await Outbox.add(
          em,
          'cs.orders.order.sale_attributed',
          {
            orderId: order.id,
            salesAgent: request.salesAgent!,
            remark: remarkView(remark),
            orderVersion: order.version,
          },
          { aggregateId: order.id, aggregateVersion: order.version },
        );
      }
      const blueFlag = order.remarks.find((r) => r.kind === RemarkKind.REMARK_KIND_SALES_ATTRIBUTION)!;
      return { response: { order: orderView(order), remark: remarkView(blueFlag) } };
    });
  }
}
