import { randomUUID } from 'node:crypto';
import type { Money } from '@cs/contracts/cs/common/v1/money';
import type { AgentRef, CustomerRef } from '@cs/contracts/cs/common/v1/refs';
import { FollowUpStatus, type FollowUpTask } from '@cs/contracts/cs/inquiry/v1/desk_service';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FollowUpScope } from '../domain/follow-up-access.rule.js';
import { type SqlCondition, scopeCondition } from './conversation-scope.sql.js';

interface TaskRow {
  id: string;
  order_id: string;
  customer: CustomerRef;
  total: Money | null;
  status: FollowUpStatus;
  outcome: string;
  created_at: Date;
}

const toTask = (r: TaskRow): FollowUpTask => ({
  taskId: r.id,
  orderId: r.order_id,
  customer: r.customer,
  total: r.total ?? undefined,
  status: r.status,
  createdAt: { seconds: Math.floor(new Date(r.created_at).getTime() / 1000), nanos: 0 },
  outcome: r.outcome,
});

/** The follow-up-access rule as a SQL condition on follow_up_tasks (alias t): a customer is seen through their conversations. */
function followUpVisible(scope: FollowUpScope): SqlCondition {
  if (scope.all) return { sql: 'true', params: [] };
  const seen = scopeCondition(scope.customersSeenIn, 'c');
  return {
    sql: `exists (select 1 from conversations c where c.customer->>'customerId' = t.customer->>'customerId' and ${seen.sql})`,
    params: seen.params,
  };
}

/** 催付 tasks (one per order; opened and closed by FollowUpStore), product feedback, work logs and sale marks: records, in SQL. */
export class DeskStore {
  /** Oldest first, by status when given; only the tasks the scope lets the caller see. */
  static async followUps(em: EntityManager, scope: FollowUpScope, status?: FollowUpStatus): Promise<FollowUpTask[]> {
    const visible = followUpVisible(scope);
    const rows = await em.execute<TaskRow[]>(
      `select * from follow_up_tasks t where ${status ? 't.status = ? and' : ''} ${visible.sql}
       order by t.created_at, t.id limit 500`,
      [...(status ? [status] : []), ...visible.params],
    );
    return rows.map(toTask);
  }

  /**
   * Undefined when there is no such task; `visible` false when it is not the caller's to see (nothing
   * changed); `changed` false when it was no longer open.
   */
  static async completeFollowUp(
    em: EntityManager,
    taskId: string,
    scope: FollowUpScope,
    agent: AgentRef,
    outcome: string,
  ): Promise<{ task: FollowUpTask; changed: boolean; visible: boolean } | undefined> {
    const condition = followUpVisible(scope);
    const rows = await em.execute<(TaskRow & { visible: boolean })[]>(
      `select t.*, ${condition.sql} as visible from follow_up_tasks t where t.id = ? for update`,
      [...condition.params, taskId],
    );
    const row = rows[0];
    if (!row) return undefined;
    if (!row.visible) return { task: toTask(row), changed: false, visible: false };
    if (row.status !== FollowUpStatus.FOLLOW_UP_STATUS_OPEN)
      return { task: toTask(row), changed: false, visible: true };
    const updated = await em.execute<TaskRow[]>(
      'update follow_up_tasks set status = ?, outcome = ?, done_at = now(), done_by = ?::jsonb where id = ? returning *',
      [FollowUpStatus.FOLLOW_UP_STATUS_DONE, outcome, JSON.stringify(agent), taskId],
    );
    return { task: toTask(updated[0]!), changed: true, visible: true };
  }

  static async saveFeedback(
    em: EntityManager,
    feedback: { product: string; suggestion: string; conversationId: string | null; agent: AgentRef },
  ): Promise<string> {
    const id = randomUUID();
    await em.execute(
      `insert into product_feedback (id, product, suggestion, conversation_id, recorded_by, recorded_at)
       values (?, ?, ?, ?, ?::jsonb, now())`,
      [id, feedback.product, feedback.suggestion, feedback.conversationId, JSON.stringify(feedback.agent)],
    );
    return id;
  }

  static feedbackBetween(em: EntityManager, from: Date, to: Date) {
    return em.execute<{ product: string; suggestion: string }[]>(
      'select product, suggestion from product_feedback where recorded_at >= ? and recorded_at < ? order by recorded_at, id',
      [from, to],
    );
  }

  static async addWorkLog(em: EntityManager, agentId: string, text: string): Promise<string> {
    const id = randomUUID();
    await em.execute('insert into work_log (id, agent_id, text, written_at) values (?, ?, ?, now())', [
      id,
      agentId,
      text,
    ]);
    return id;
  }

  static workLog(em: EntityManager, agentId: string, from: Date, to: Date) {
    return em.execute<{ text: string }[]>(
      'select text from work_log where agent_id = ? and written_at >= ? and written_at < ? order by written_at, id',
      [agentId, from, to],
    );
  }

  /** The first mark stands (the order desk refuses another agent); the same mark again changes nothing. */
  static async attributeSale(
    em: EntityManager,
    sale: { orderId: string; conversationId: string; agent: AgentRef },
  ): Promise<void> {
    await em.execute(
      `insert into sales_attributions (order_id, conversation_id, sales_agent, agent_id, attributed_at)
       values (?, ?, ?::jsonb, ?, now()) on conflict (order_id) do nothing`,
      [sale.orderId, sale.conversationId, JSON.stringify(sale.agent), sale.agent.agentId],
    );
  }

  static async salesCount(em: EntityManager, agentId: string, from: Date, to: Date): Promise<number> {
    const rows = await em.execute<{ n: string }[]>(
      'select count(*) as n from sales_attributions where agent_id = ? and attributed_at >= ? and attributed_at < ?',
      [agentId, from, to],
    );
    return Number(rows[0]?.n ?? 0);
  }
}
