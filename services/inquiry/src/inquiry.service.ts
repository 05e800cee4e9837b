import { AgentsServiceService } from '@cs/contracts/cs/inquiry/v1/agents_service';
import { ConversationsServiceService } from '@cs/contracts/cs/inquiry/v1/conversations_service';
import { DeskServiceService } from '@cs/contracts/cs/inquiry/v1/desk_service';
import { ConversationKnowledgeServiceService } from '@cs/contracts/cs/inquiry/v1/knowledge_service';
import { ReportsServiceService } from '@cs/contracts/cs/inquiry/v1/reports_service';
import { RulesServiceService } from '@cs/contracts/cs/inquiry/v1/rules_service';
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
      ConversationsServiceService,
      AgentsServiceService,
      RulesServiceService,
      DeskServiceService,
      ReportsServiceService,
      ConversationKnowledgeServiceService,
    ],
  },
};
