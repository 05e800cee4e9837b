import { EntitySchema } from '@mikro-orm/postgresql';
import { DeskTask } from '../domain/desk-task.entity.js';

export const DeskTaskSchema = new EntitySchema<DeskTask>({
  class: DeskTask,
  tableName: 'desk_tasks',
  properties: {
    id: { type: 'uuid', primary: true },
    orderId: { type: 'string' },
    changeId: { type: 'uuid' },
    desk: { type: 'string' },
    kind: { type: 'string' },
    status: { type: 'string' },
    sequence: { type: 'integer' },
    instructions: { type: 'string' },
    newAddress: { type: 'json', nullable: true },
    newItems: { type: 'json', nullable: true },
    createdAt: { type: 'datetime' },
    acknowledgedAt: { type: 'datetime', nullable: true },
    acknowledgedBy: { type: 'json', nullable: true },
    completedAt: { type: 'datetime', nullable: true },
    completedBy: { type: 'json', nullable: true },
    completedStep: { type: 'string', nullable: true },
    version: { type: 'integer', version: true },
  },
});
