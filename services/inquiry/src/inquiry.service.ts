import { AgentsServiceDefinition } from '@cs/contracts/cs/inquiry/v1/agents_service';
import { ConversationsServiceDefinition } from '@cs/contracts/cs/inquiry/v1/conversations_service';
import { DeskServiceDefinition } from '@cs/contracts/cs/inquiry/v1/desk_service';
import { ConversationKnowledgeServiceDefinition } from '@cs/contracts/cs/inquiry/v1/knowledge_service';
import { ReportsServiceDefinition } from '@cs/contracts/cs/inquiry/v1/reports_service';
import { RulesServiceDefinition } from '@cs/contracts/cs/inquiry/v1/rules_service';
import type { ServiceSpec } from '@cs/service-kit';
import { ConversationSchema } from './infrastructure/conversation.schema.js';
import { ConversationMessageSchema } from './infrastructure/conversation-message.schema.js';
import { inquiryConfigSchema } from './inquiry.config.js';
import { InquiryModule } from './inquiry.module.js';
import { inquiryMigrations } from './migrations/index.js';

/** The front line (前台/售前客服): conversations, routing, assignment, SLAs. */
export const inquiryService: ServiceSpec = {
  name: 'inquiry',
  httpPort: 3001,
  grpcPort: 50051,
  module: InquiryModule,
  entities: [ConversationSchema, ConversationMessageSchema],
  migrations: inquiryMigrations,
  configSchema: inquiryConfigSchema,
  grpc: {
    services: [
      ConversationsServiceDefinition,
      AgentsServiceDefinition,
      RulesServiceDefinition,
      DeskServiceDefinition,
      ReportsServiceDefinition,
      ConversationKnowledgeServiceDefinition,
    ],
  },
};
