import { EntitySchema } from '@mikro-orm/postgresql';
import { StandardReply } from '../domain/standard-reply.aggregate.js';

export const StandardReplySchema = new EntitySchema<StandardReply>({
  class: StandardReply,
  tableName: 'standard_replies',
  properties: {
    id: { type: 'uuid', primary: true },
    kind: { type: 'string' },
    shortcode: { type: 'string' },
    team: { type: 'string' },
    text: { type: 'string' },
    publishedVersion: { type: 'integer' },
    archived: { type: 'boolean' },
    history: { type: 'json' },
    updatedAt: { type: 'datetime' },
    version: { type: 'integer', version: true },
  },
});
