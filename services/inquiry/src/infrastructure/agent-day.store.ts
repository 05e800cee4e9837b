import { ConversationStatus, MessageKind } from '@cs/contracts/cs/inquiry/v1/conversation';
import type { EntityManager } from '@mikro-orm/postgresql';

export interface AgentDayFigures {
  conversations: number;
  resolved: number;
  avgFirstResponseMinutes: number;
}

/**
 * An agent's figures for [from, to), credited to who did the work, whoever holds the conversation
 * now: conversations they answered, the first responses they gave, and those they closed. A service
 * account's automatic reply (the complaints desk's apology) is nobody's first response.
 */
export async function agentDayFigures(
  em: EntityManager,
  agentId: string,
  from: Date,
  to: Date,
): Promise<AgentDayFigures> {
  const reply = MessageKind.MESSAGE_KIND_AGENT_REPLY;
  const [row] = await em.execute<{ answered: string; resolved: string; avg_first: number | null }[]>(
    `select
       (select count(distinct conversation_id) from messages
         where kind = ? and author->>'agentId' = ? and sent_at >= ? and sent_at < ?) as answered,
       (select count(*) from conversations
         where status = ? and assignee_id = ? and closed_at >= ? and closed_at < ?) as resolved,
       (select avg(c.first_response_minutes) from conversations c
         where c.first_response_at >= ? and c.first_response_at < ?
           and (select m.author->>'agentId' from messages m
                 where m.conversation_id = c.id and m.kind = ? and m.author->>'agentId' not like 'service:%'
                 order by m.sent_at, m.id limit 1) = ?) as avg_first`,
    [
      reply,
      agentId,
      from,
      to,
      ConversationStatus.CONVERSATION_STATUS_CLOSED,
      agentId,
      from,
      to,
      from,
      to,
      reply,
      agentId,
    ],
  );
  return {
    conversations: Number(row?.answered ?? 0),
    resolved: Number(row?.resolved ?? 0),
    avgFirstResponseMinutes: Math.round((row?.avg_first ?? 0) * 100) / 100,
  };
}
