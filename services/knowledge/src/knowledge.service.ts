import type { ServiceSpec } from '@cs/service-kit';
import { KnowledgeModule } from './knowledge.module.js';
import { knowledgeMigrations } from './migrations/index.js';

/** The knowledge base (知识库): articles, standard replies, reply checks. */
export const knowledgeService: ServiceSpec = {
  name: 'knowledge',
  httpPort: 3006,
  grpcPort: 50056,
  module: KnowledgeModule,
  entities: [],
  migrations: knowledgeMigrations,
  grpc: { protoFiles: [], services: [] },
};
