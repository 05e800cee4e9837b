import type { MigrationObject } from '@mikro-orm/core';
import { CreateInquiry } from './0001-inquiry.migration.js';
import { EscalationHolders } from './0002-escalation-holders.migration.js';
import { AgentDayFigures } from './0003-agent-day-figures.migration.js';
import { LastReply } from './0004-last-reply.migration.js';
import { CustomerErasures } from './0005-customer-erasures.migration.js';
import { KnowledgeInConversations } from './0006-knowledge.migration.js';
import { SettledOrders } from './0007-settled-orders.migration.js';
import { ClassificationRulesV2 } from './0008-classification-rules-v2.migration.js';
import { SlaDueTime } from './0009-sla-due-time.migration.js';
import { HandoversKeyset } from './0010-handovers-keyset.migration.js';

/** Applied in this order after the shared messaging tables; names are persisted, never rename one. */
export const inquiryMigrations: MigrationObject[] = [
  { name: '0001-inquiry', class: CreateInquiry },
  { name: '0002-escalation-holders', class: EscalationHolders },
  { name: '0003-agent-day-figures', class: AgentDayFigures },
  { name: '0004-last-reply', class: LastReply },
  { name: '0005-customer-erasures', class: CustomerErasures },
  { name: '0006-knowledge', class: KnowledgeInConversations },
  { name: '0007-settled-orders', class: SettledOrders },
  { name: '0008-classification-rules-v2', class: ClassificationRulesV2 },
  { name: '0009-sla-due-time', class: SlaDueTime },
  { name: '0010-handovers-keyset', class: HandoversKeyset },
];
