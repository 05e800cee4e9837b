import { EntitySchema } from '@mikro-orm/postgresql';
import { WarehouseTask } from '../domain/warehouse-task.entity.js';

export const WarehouseTaskSchema = new EntitySchema<WarehouseTask>({
  class: WarehouseTask,
  tableName: 'warehouse_tasks',
  properties: {
    id: { type: 'uuid', primary: true },
    orderId: { type: 'string' },
    kind: { type: 'string' },
    status: { type: 'string' },
    instructions: { type: 'string' },
    newAddress: { type: 'json' },
    createdAt: { type: 'datetime' },
  },
});
