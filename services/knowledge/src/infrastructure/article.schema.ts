import { EntitySchema } from '@mikro-orm/postgresql';
import { Article } from '../domain/article.aggregate.js';

export const ArticleSchema = new EntitySchema<Article>({
  class: Article,
  tableName: 'articles',
  properties: {
    id: { type: 'uuid', primary: true },
    kind: { type: 'string' },
    locale: { type: 'string' },
    translationOf: { type: 'uuid', nullable: true },
    publishedVersion: { type: 'integer' },
    latestVersion: { type: 'integer' },
    archived: { type: 'boolean' },
    launch: { type: 'json', nullable: true },
    onSaleDate: { type: 'string', nullable: true },
    publishDueAt: { type: 'datetime', nullable: true },
    versions: { type: 'json' },
    createdAt: { type: 'datetime' },
    updatedAt: { type: 'datetime' },
    revision: { type: 'integer', version: true },
  },
});
