import { Outbox } from '@cs/bus';
import type { RecordStockLevelRequest, RecordStockLevelResponse } from '@cs/contracts/cs/orders/v1/stock_service';
import { Violations } from '@cs/errors';
import { transactionWithRetry } from '@cs/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { LOW_STOCK_THRESHOLD, StockLevel } from '../domain/stock-level.entity.js';
import { checkTimestamp } from './change-request.validator.js';
import { fromTimestamp, stockLevelView } from './order.view.js';

/** The platform reports a stock level; a listed SKU falling below 10 units alerts the team once. */
@Injectable()
export class RecordStockLevelHandler {
  constructor(private readonly orm: MikroORM) {}

  async execute(request: RecordStockLevelRequest): Promise<RecordStockLevelResponse> {
    const violations = new Violations().require('sku', request.sku);
    if (request.sku && request.sku.length > 200) violations.add('sku', 'must be at most 200 characters');
    if (!Number.isInteger(request.units) || request.units < 0) violations.add('units', 'must be a whole number ≥ 0');
    checkTimestamp('reported_at', request.reportedAt, violations);
    violations.throwIfAny();
    const reportedAt = fromTimestamp(request.reportedAt!);
    return transactionWithRetry(this.orm, async (em) => {
      let level = await em.findOne(StockLevel, { sku: request.sku });
      if (!level) {
        level = StockLevel.first(request.sku);
        em.persist(level);
      }
      const change = level.report(request.units, reportedAt);
      await em.flush();
      if (change === 'low-stock-alert') {
        await Outbox.add(
          em,
          'cs.orders.stock.low_stock_alert_raised',
          { sku: level.sku, units: level.units, threshold: LOW_STOCK_THRESHOLD, stockVersion: level.version },
          { aggregateId: level.sku, aggregateVersion: level.version },
        );
      }
      return { stockLevel: stockLevelView(level) };
    });
  }
}
