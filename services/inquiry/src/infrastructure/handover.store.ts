import { randomUUID } from 'node:crypto';
import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import type { Handover } from '@cs/contracts/cs/inquiry/v1/desk_service';
import type { KeyValue } from '@cs/persistence';
import type { EntityManager } from '@mikro-orm/postgresql';

interface HandoverRow {
  id: string;
  from_agent: AgentRef;
  to_agent_id: string;
  note: string;
  leftover_issues: string[];
  conversation_ids: string[];
  rerouted_conversation_ids: string[];
  created_at: Date;
}

export type HandoverRecord = Omit<Handover, 'handedOverAt'> & { handedOverAt: Date };

const toHandover = (r: HandoverRow): HandoverRecord => ({
  handoverId: r.id,
  fromAgent: r.from_agent,
  toAgentId: r.to_agent_id,
  note: r.note,
  leftoverIssues: r.leftover_issues,
  conversationIds: r.conversation_ids,
  reroutedConversationIds: r.rerouted_conversation_ids,
  handedOverAt: new Date(r.created_at),
});

/** 交接班 records: what the leaving shift passed on, for the next shift to read. */
export class HandoverStore {
  static async save(em: EntityManager, handover: Omit<Handover, 'handoverId' | 'handedOverAt'>): Promise<string> {
    const id = randomUUID();
    await em.execute(
      `insert into handovers (id, from_agent, to_agent_id, note, leftover_issues, conversation_ids,
         rerouted_conversation_ids, created_at)
       values (?, ?::jsonb, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, now())`,
      [
        id,
        JSON.stringify(handover.fromAgent),
        handover.toAgentId,
        handover.note,
        JSON.stringify(handover.leftoverIssues),
        JSON.stringify(handover.conversationIds),
        JSON.stringify(handover.reroutedConversationIds),
      ],
    );
    return id;
  }

  /**
   * Newest first, after the keyset cursor; fetches one more than the limit so the caller can tell whether
   * a next page exists. created_at comes from now() (microseconds, finer than a JS Date), so the cursor
   * carries it as exact text: a millisecond cursor would skip rows written within the same millisecond.
   */
  static async receivedBy(
    em: EntityManager,
    agentId: string,
    page: { limit: number; after?: KeyValue[] | undefined },
  ): Promise<(HandoverRecord & { cursorAt: string })[]> {
    const after = page.after ? 'and (created_at, id) < (?::timestamptz, ?)' : '';
    const rows = await em.execute<(HandoverRow & { cursor_at: string })[]>(
      `select *, to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as cursor_at
       from handovers where to_agent_id = ? ${after} order by created_at desc, id desc limit ?`,
      [agentId, ...(page.after ?? []), page.limit + 1],
    );
    return rows.map((r) => ({ ...toHandover(r), cursorAt: r.cursor_at }));
  }
}
