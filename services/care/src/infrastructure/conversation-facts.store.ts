import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

export interface ConversationFact {
  conversationId: string;
  customerId: string | null;
  channel: string;
  conversationClass: string;
  openedAt: Date | null;
  closedAt: Date | null;
}

interface ConversationRow {
  conversation_id: string;
  customer_id: string | null;
  channel: string;
  conversation_class: string;
  opened_at: Date | null;
  closed_at: Date | null;
}

const toFact = (row: ConversationRow): ConversationFact => ({
  conversationId: row.conversation_id,
  customerId: row.customer_id,
  channel: row.channel,
  conversationClass: row.conversation_class,
  openedAt: row.opened_at ? new Date(row.opened_at) : null,
  closedAt: row.closed_at ? new Date(row.closed_at) : null,
});

/** What care knows of each conversation; only the opening names the customer, so the rest waits for it. */
@Injectable()
export class ConversationFactsStore {
  async opened(
    em: EntityManager,
    fact: { conversationId: string; customerId: string; channel: string; openedAt: Date },
  ): Promise<ConversationFact> {
    const rows = await em.execute<ConversationRow[]>(
      `insert into customer_conversations (conversation_id, customer_id, channel, opened_at) values (?, ?, ?, ?)
       on conflict (conversation_id) do update set customer_id = excluded.customer_id, channel = excluded.channel,
         opened_at = least(customer_conversations.opened_at, excluded.opened_at)
       returning *`,
      [fact.conversationId, fact.customerId, fact.channel, fact.openedAt],
    );
    return toFact(rows[0] as ConversationRow);
  }

  async classified(em: EntityManager, conversationId: string, conversationClass: string): Promise<ConversationFact> {
    const rows = await em.execute<ConversationRow[]>(
      `insert into customer_conversations (conversation_id, conversation_class) values (?, ?)
       on conflict (conversation_id) do update set conversation_class = excluded.conversation_class
       returning *`,
      [conversationId, conversationClass],
    );
    return toFact(rows[0] as ConversationRow);
  }

  /** The first closing counts: a reopened and closed-again conversation keeps its first survey. */
  async closed(em: EntityManager, conversationId: string, closedAt: Date): Promise<ConversationFact> {
    const rows = await em.execute<ConversationRow[]>(
      `insert into customer_conversations (conversation_id, closed_at) values (?, ?)
       on conflict (conversation_id) do update set closed_at = least(customer_conversations.closed_at, excluded.closed_at)
       returning *`,
      [conversationId, closedAt],
    );
    return toFact(rows[0] as ConversationRow);
  }

  async recordInterest(
    em: EntityManager,
    customerId: string,
    topic: string,
    conversationId: string,
    at: Date,
  ): Promise<void> {
    await em.execute(
      `insert into customer_interests (customer_id, topic, conversation_id, recorded_at) values (?, ?, ?, ?)
       on conflict do nothing`,
      [customerId, topic, conversationId, at],
    );
  }
}
