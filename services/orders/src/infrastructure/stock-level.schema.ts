import { EntitySchema } from '@mikro-orm/postgresql';
import { StockLevel } from '../domain/stock-level.entity.js';

export const StockLevelSchema = new EntitySchema<StockLevel>({
  class: StockLevel,
  tableName: 'stock_levels',
  properties: {
    sku: { type: 'string', primary: true },
    units: { type: 'integer' },
    reportedAt: { type: 'datetime' },
    lowStockAlerted: { type: 'boolean' },
    version: { type: 'integer', version: true },
  },
});
