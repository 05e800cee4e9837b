import { ArticlesServiceDefinition } from '@cs/contracts/cs/knowledge/v1/articles_service';
import { RepliesServiceDefinition } from '@cs/contracts/cs/knowledge/v1/replies_service';
import { SearchServiceDefinition } from '@cs/contracts/cs/knowledge/v1/search_service';
import { SuggestionsServiceDefinition } from '@cs/contracts/cs/knowledge/v1/suggestions_service';
import type { ServiceSpec } from '@cs/service-kit';
import { ArticleSchema } from './infrastructure/article.schema.js';
import { KnowledgeGapSchema } from './infrastructure/knowledge-gap.schema.js';
import { StandardReplySchema } from './infrastructure/standard-reply.schema.js';
import { knowledgeConfigSchema } from './knowledge.config.js';
import { KnowledgeModule } from './knowledge.module.js';
import { knowledgeMigrations } from './migrations/index.js';

/** The knowledge base (知识库): articles, search, standard replies, reply checks, suggestions and gaps. */
export const knowledgeService: ServiceSpec = {
  name: 'knowledge',
  httpPort: 3006,
  grpcPort: 50056,
  module: KnowledgeModule,
  entities: [ArticleSchema, StandardReplySchema, KnowledgeGapSchema],
  migrations: knowledgeMigrations,
  configSchema: knowledgeConfigSchema,
  grpc: {
    services: [
      ArticlesServiceDefinition,
      SearchServiceDefinition,
      RepliesServiceDefinition,
      SuggestionsServiceDefinition,
    ],
  },
};
