import { uuidv7 } from '@cs/bus';
import type { ReplyCheckOutcome } from '@cs/contracts/cs/inquiry/v1/knowledge_service';
import type { ReplyViolation } from '@cs/contracts/cs/knowledge/v1/replies_service';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

export interface ReplyCheckEntry {
  conversationId: string;
  agentId: string;
  outcome: ReplyCheckOutcome;
  violations: ReplyViolation[];
  at: Date;
}

interface Row {
  conversation_id: string;
  agent_id: string;
  outcome: ReplyCheckOutcome;
  violations: ReplyViolation[];
  checked_at: Date;
}

/** The reply checks that refused, warned or could not run, for the agent's report. */
@Injectable()
export class ReplyCheckStore {
  async record(em: EntityManager, entry: ReplyCheckEntry): Promise<void> {
    await em.execute(
      'insert into reply_checks (id, conversation_id, agent_id, outcome, violations, checked_at) values (?, ?, ?, ?, ?, ?)',
      [uuidv7(), entry.conversationId, entry.agentId, entry.outcome, JSON.stringify(entry.violations), entry.at],
    );
  }

  async list(em: EntityManager, agentId: string | undefined, from: Date): Promise<ReplyCheckEntry[]> {
    const rows = await em.execute<Row[]>(
      `select conversation_id, agent_id, outcome, violations, checked_at from reply_checks
       where checked_at >= ? ${agentId ? 'and agent_id = ?' : ''} order by checked_at desc limit 500`,
      agentId ? [from, agentId] : [from],
    );
    return rows.map((r) => ({
      conversationId: r.conversation_id,
      agentId: r.agent_id,
      outcome: r.outcome,
      violations: r.violations,
      at: new Date(r.checked_at),
    }));
  }
}
