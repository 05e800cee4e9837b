import type { ReplyCheckOutcome } from '@cs/contracts/cs/inquiry/v1/knowledge_service';
import type { EntityManager } from '@mikro-orm/postgresql';

/** How many checks of one outcome an agent (or a conversation) had. */
export interface OutcomeCount {
  key: string;
  outcome: ReplyCheckOutcome;
  count: number;
}

/** How often an agent's replies contained a phrase (each occurrence counts). */
export interface PhraseRow {
  agentId: string;
  phrase: string;
  count: number;
}

/** Counted in the database: a busy period has far more checks than a report should load. */
export async function outcomesByAgent(em: EntityManager, from: Date, to: Date): Promise<OutcomeCount[]> {
  const rows = await em.execute<{ agent_id: string; outcome: ReplyCheckOutcome; n: string }[]>(
    `select agent_id, outcome, count(*) as n from reply_checks
     where checked_at >= ? and checked_at < ? group by agent_id, outcome`,
    [from, to],
  );
  return rows.map((r) => ({ key: r.agent_id, outcome: r.outcome, count: Number(r.n) }));
}

export async function phrasesByAgent(em: EntityManager, from: Date, to: Date): Promise<PhraseRow[]> {
  const rows = await em.execute<{ agent_id: string; phrase: string; n: string }[]>(
    `select agent_id, v ->> 'phrase' as phrase, count(*) as n
     from reply_checks, jsonb_array_elements(violations) as v
     where checked_at >= ? and checked_at < ? group by agent_id, v ->> 'phrase'`,
    [from, to],
  );
  return rows.map((r) => ({ agentId: r.agent_id, phrase: r.phrase, count: Number(r.n) }));
}

/** Every check recorded on these conversations, whenever it happened (the CSV's per-conversation columns). */
export async function outcomesByConversation(em: EntityManager, conversationIds: string[]): Promise<OutcomeCount[]> {
  if (conversationIds.length === 0) return [];
  const rows = await em.execute<{ conversation_id: string; outcome: ReplyCheckOutcome; n: string }[]>(
    `select conversation_id, outcome, count(*) as n from reply_checks
     where conversation_id in (select jsonb_array_elements_text(?::jsonb)) group by conversation_id, outcome`,
    // One JSON parameter: a report may hold tens of thousands of conversations.
    [JSON.stringify(conversationIds)],
  );
  return rows.map((r) => ({ key: r.conversation_id, outcome: r.outcome, count: Number(r.n) }));
}
