import { EntitySchema } from '@mikro-orm/postgresql';
import { Order } from '../domain/order.aggregate.js';

/** Maps the Order aggregate without putting ORM decorators in the domain. */
export const OrderSchema = new EntitySchema<Order>({
  class: Order,
  tableName: 'orders',
  properties: {
    id: { type: 'string', primary: true },
    customer: { type: 'json' },
    stage: { type: 'string' },
    items: { type: 'json' },
    address: { type: 'json' },
    total: { type: 'json' },
    placedAt: { type: 'datetime' },
    paidAt: { type: 'datetime', nullable: true },
    printedAt: { type: 'datetime', nullable: true },
    packedAt: { type: 'datetime', nullable: true },
    shippedAt: { type: 'datetime', nullable: true },
    cancelledAt: { type: 'datetime', nullable: true },
    remarks: { type: 'json' },
    version: { type: 'integer', version: true },
  },
});
