import { Outbox } from '@cs/bus';
import { CommandTransactions, EntityRows, outboxRows, type TableRows } from '@cs/persistence';
import { LOGGER } from '@cs/service-kit';
import type { Logger } from '@cs/telemetry';
import { MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { PendingEvent } from '../application/conversation.events.js';
import { Conversation } from '../domain/conversation.aggregate.js';
import { ConversationMessage } from '../domain/conversation-message.entity.js';

/**
 * The front line's lean command path (libs/persistence CommandTransactions): the tables its hot
 * commands write, mapped by the same entity schemas as the ORM's, on a pipelined pool.
 */
@Injectable()
export class InquiryCommands implements OnApplicationShutdown {
  readonly transactions: CommandTransactions;
  readonly conversations: EntityRows<Conversation>;
  readonly messages: EntityRows<ConversationMessage>;

  constructor(orm: MikroORM, @Inject(LOGGER) logger: Logger) {
    this.transactions = CommandTransactions.forOrm(orm, {
      onConnectionError: (error) => logger.warn({ err: error }, 'command pool connection lost'),
    });
    this.conversations = EntityRows.of(orm, Conversation);
    this.messages = EntityRows.of(orm, ConversationMessage);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.transactions.close();
  }
}

/** The outbox rows Outbox.add would write for these events (UUIDv7 ids, proto3 JSON bodies). */
export function pendingOutboxRows(events: readonly PendingEvent[]): TableRows {
  return outboxRows(events.map((e) => Outbox.event(e.subject, e.payload as never, e.meta)));
}
