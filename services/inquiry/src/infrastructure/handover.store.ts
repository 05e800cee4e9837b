import { randomUUID } from 'node:crypto';
import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import type { Handover } from '@cs/contracts/cs/inquiry/v1/desk_service';
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

  /** Newest first; fetches one more than the limit so the caller can tell whether a next page exists. */
  static async receivedBy(
    em: EntityManager,
    agentId: string,
    page: { limit: number; offset: number },
  ): Promise<HandoverRecord[]> {
    const rows = await em.execute<HandoverRow[]>(
      'select * from handovers where to_agent_id = ? order by created_at desc, id desc limit ? offset ?',
      [agentId, page.limit + 1, page.offset],
    );
    return rows.map(toHandover);
  }
}
