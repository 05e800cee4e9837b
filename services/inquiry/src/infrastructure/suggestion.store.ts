import type { MessageSuggestions } from '@cs/contracts/cs/inquiry/v1/knowledge_service';
import type { ArticleSuggestion, ReplySuggestion } from '@cs/contracts/cs/knowledge/v1/suggestions_service';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { toTimestamp } from '../application/timestamps.js';

export interface StoredSuggestions {
  conversationId: string;
  messageId: string;
  articles: ArticleSuggestion[];
  replies: ReplySuggestion[];
  isGap: boolean;
  at: Date;
}

interface Row {
  message_id: string;
  articles: ArticleSuggestion[];
  replies: ReplySuggestion[];
  is_gap: boolean;
  received_at: Date;
}

/** Knowledge's suggestions per customer message, as the agent's view shows them. */
@Injectable()
export class SuggestionStore {
  /** A redelivered event replaces the same message's suggestions: nothing doubles. */
  async save(em: EntityManager, s: StoredSuggestions): Promise<void> {
    await em.execute(
      `insert into conversation_suggestions (conversation_id, message_id, articles, replies, is_gap, received_at)
       values (?, ?, ?, ?, ?, ?)
       on conflict (conversation_id, message_id) do update
       set articles = excluded.articles, replies = excluded.replies, is_gap = excluded.is_gap`,
      [s.conversationId, s.messageId, JSON.stringify(s.articles), JSON.stringify(s.replies), s.isGap, s.at],
    );
  }

  async forConversation(em: EntityManager, conversationId: string): Promise<MessageSuggestions[]> {
    const rows = await em.execute<Row[]>(
      `select message_id, articles, replies, is_gap, received_at from conversation_suggestions
       where conversation_id = ? order by message_id desc`,
      [conversationId],
    );
    return rows.map((r) => ({
      messageId: r.message_id,
      articles: r.articles,
      replies: r.replies,
      isGap: r.is_gap,
      receivedAt: toTimestamp(new Date(r.received_at)),
    }));
  }
}
