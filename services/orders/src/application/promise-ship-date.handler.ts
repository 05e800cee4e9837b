import type { PlatformConfig } from '@cs/config';
import type { PromiseShipDateRequest, PromiseShipDateResponse } from '@cs/contracts/cs/orders/v1/stock_service';
import { Violations } from '@cs/errors';
import { CONFIG } from '@cs/service-kit';
import { MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { promiseShipDate } from '../domain/shipping-promise.rule.js';
import { StockLevel } from '../domain/stock-level.entity.js';
import { loadOrder } from '../infrastructure/order.repository.js';
import { fromTimestamp } from './order.view.js';

/** The shipping promise for an order (all its items) or one SKU, from the stock the platform reported. */
@Injectable()
export class PromiseShipDateHandler {
  constructor(
    private readonly orm: MikroORM,
    @Inject(CONFIG) private readonly config: PlatformConfig,
  ) {}

  async execute(request: PromiseShipDateRequest): Promise<PromiseShipDateResponse> {
    const violations = new Violations();
    if (Boolean(request.orderId) === Boolean(request.sku)) {
      violations.add(request.orderId ? 'sku' : 'order_id', 'set exactly one of order_id and sku');
    }
    const paidAtGiven = request.paidAt;
    if (paidAtGiven && (!Number.isSafeInteger(paidAtGiven.seconds) || paidAtGiven.seconds < 0))
      violations.add('paid_at', 'must be a valid timestamp');
    if (request.sku && !paidAtGiven) violations.add('paid_at', 'is required when asking about a SKU');
    violations.throwIfAny();
    const em = this.orm.em.fork();
    let needed: { sku: string; quantity: number }[] = [{ sku: request.sku, quantity: 1 }];
    let paidAt = paidAtGiven ? fromTimestamp(paidAtGiven) : undefined;
    if (request.orderId) {
      const order = await loadOrder(em, request.orderId);
      needed = order.items.map((i) => ({ sku: i.sku, quantity: i.quantity }));
      paidAt ??= order.paidAt ?? new Date();
    }
    const levels = await em.find(StockLevel, { sku: { $in: needed.map((n) => n.sku) } });
    const inStock = needed.every((n) => (levels.find((l) => l.sku === n.sku)?.units ?? 0) >= n.quantity);
    const promise = promiseShipDate({ inStock, paidAt: paidAt!, urgent: request.urgent }, this.config.shopTimezone);
    return { ...promise, inStock };
  }
}
