import { EntitySchema } from '@mikro-orm/postgresql';
import { KnowledgeGap } from '../domain/knowledge-gap.aggregate.js';

export const KnowledgeGapSchema = new EntitySchema<KnowledgeGap>({
  class: KnowledgeGap,
  tableName: 'knowledge_gaps',
  properties: {
    id: { type: 'uuid', primary: true },
    question: { type: 'string' },
    questionCustomerId: { type: 'string' },
    terms: { type: 'string[]' },
    count: { type: 'integer' },
    examples: { type: 'json' },
    status: { type: 'string' },
    draftArticleId: { type: 'string', nullable: true },
    firstAskedAt: { type: 'datetime' },
    lastAskedAt: { type: 'datetime' },
    version: { type: 'integer', version: true },
  },
});
