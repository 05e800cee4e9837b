import { EntitySchema } from '@mikro-orm/postgresql';
import { OrderChange } from '../domain/order-change.entity.js';

export const OrderChangeSchema = new EntitySchema<OrderChange>({
  class: OrderChange,
  tableName: 'order_changes',
  properties: {
    id: { type: 'uuid', primary: true },
    orderId: { type: 'string' },
    kind: { type: 'string' },
    status: { type: 'string' },
    stageAtCommit: { type: 'string' },
    requestedBy: { type: 'json' },
    requestedAt: { type: 'datetime' },
    confirmation: { type: 'json' },
    before: { type: 'string' },
    after: { type: 'string' },
    specialRequest: { type: 'json', nullable: true },
    taskIds: { type: 'json' },
    tasksDone: { type: 'integer' },
    completedAt: { type: 'datetime', nullable: true },
    version: { type: 'integer', version: true },
  },
});
