import { EntitySchema } from '@mikro-orm/postgresql';
import { ChaseTask } from '../domain/chase-task.aggregate.js';

export const ChaseTaskSchema = new EntitySchema<ChaseTask>({
  class: ChaseTask,
  tableName: 'chase_tasks',
  properties: {
    id: { type: 'uuid', primary: true },
    trackingNumber: { type: 'string' },
    courier: { type: 'string' },
    orderId: { type: 'string' },
    customer: { type: 'json' },
    silentSince: { type: 'datetime' },
    status: { type: 'string' },
    parties: { type: 'json' },
    chases: { type: 'json' },
    openedAt: { type: 'datetime' },
    resolution: { type: 'string' },
    resolutionNote: { type: 'string' },
    resolvedBy: { type: 'json', nullable: true },
    resolvedAt: { type: 'datetime', nullable: true },
    caseId: { type: 'uuid', nullable: true },
    version: { type: 'integer', version: true },
  },
});
