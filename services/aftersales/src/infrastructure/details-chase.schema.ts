import { EntitySchema } from '@mikro-orm/postgresql';
import { DetailsChase } from '../domain/details-chase.entity.js';

export const DetailsChaseSchema = new EntitySchema<DetailsChase>({
  class: DetailsChase,
  tableName: 'details_chases',
  properties: {
    id: { type: 'uuid', primary: true },
    conversationId: { type: 'string' },
    customer: { type: 'json' },
    orderId: { type: 'string' },
    description: { type: 'text' },
    missing: { type: 'json' },
    status: { type: 'string' },
    openedAt: { type: 'datetime' },
    resolvedAt: { type: 'datetime', nullable: true },
    caseId: { type: 'uuid', nullable: true },
    version: { type: 'integer', version: true },
  },
});
