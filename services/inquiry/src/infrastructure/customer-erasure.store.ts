import { MessageKind } from '@cs/contracts/cs/inquiry/v1/conversation';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ERASED } from '../domain/customer-erasure.rule.js';

/** A text column's rows, to be rewritten by the erasure rule. */
export interface TextRow {
  id: string;
  texts: string[];
}

/**
 * The tables that hold a customer's personal data, in SQL, inside the caller's transaction. What is
 * personal data (and what replaces it) is the erasure rule's (domain/customer-erasure.rule.ts); this
 * store only finds the rows and writes them back. Business columns are never touched.
 */
export class CustomerErasureStore {
  /** False when this erasure was already carried out. */
  static async record(em: EntityManager, erasure: { erasureId: string; customerId: string; requestedAt: Date | null }) {
    const rows = await em.execute<{ erasure_id: string }[]>(
      `insert into customer_erasures (erasure_id, customer_id, requested_at) values (?, ?, ?)
       on conflict do nothing returning erasure_id`,
      [erasure.erasureId, erasure.customerId, erasure.requestedAt],
    );
    return rows.length > 0;
  }

  /** The names the customer went by here: to be found inside staff text. */
  static async namesOf(em: EntityManager, customerId: string): Promise<string[]> {
    const rows = await em.execute<{ name: string }[]>(
      `select distinct customer->>'displayName' as name from conversations where customer->>'customerId' = ?
       union select distinct customer->>'displayName' from follow_up_tasks where customer->>'customerId' = ?`,
      [customerId, customerId],
    );
    return rows.map((r) => r.name).filter(Boolean);
  }

  static async conversationsOf(em: EntityManager, customerId: string) {
    return em.execute<{ id: string; problem: string; handling_steps: string[]; result: string }[]>(
      `select id, problem, handling_steps, result from conversations where customer->>'customerId' = ? for update`,
      [customerId],
    );
  }

  /** The name replaced and the record rewritten; the version moves so a concurrent edit retries on the new text. */
  static async rewriteConversation(
    em: EntityManager,
    id: string,
    record: { problem: string; handlingSteps: string[]; result: string },
  ): Promise<void> {
    await em.execute(
      `update conversations set customer = jsonb_set(customer, '{displayName}', to_jsonb(?::text)),
         problem = ?, handling_steps = ?::jsonb, result = ?, version = version + 1
       where id = ?`,
      [ERASED, record.problem, JSON.stringify(record.handlingSteps), record.result, id],
    );
  }

  /** What the customer wrote and the files they sent; staff lines are returned to be scrubbed. */
  static async eraseCustomerMessages(em: EntityManager, conversationIds: string[]): Promise<TextRow[]> {
    if (!conversationIds.length) return [];
    const ids = JSON.stringify(conversationIds);
    await em.execute(
      `update messages set body = ?, attachments = '[]'::jsonb
       where kind = ? and conversation_id in (select jsonb_array_elements_text(?::jsonb)::uuid)`,
      [ERASED, MessageKind.MESSAGE_KIND_CUSTOMER, ids],
    );
    const rows = await em.execute<{ id: string; body: string }[]>(
      `select id, body from messages where kind <> ? and conversation_id in (select jsonb_array_elements_text(?::jsonb)::uuid)`,
      [MessageKind.MESSAGE_KIND_CUSTOMER, ids],
    );
    return rows.map((r) => ({ id: r.id, texts: [r.body] }));
  }

  static async rewriteMessage(em: EntityManager, id: string, body: string): Promise<void> {
    await em.execute('update messages set body = ? where id = ?', [body, id]);
  }

  /** 催付 tasks: the name replaced, and what the customer said about paying (the outcome) erased. */
  static async eraseFollowUps(em: EntityManager, customerId: string): Promise<void> {
    await em.execute(
      `update follow_up_tasks set customer = jsonb_set(customer, '{displayName}', to_jsonb(?::text)),
         outcome = case when outcome = '' then '' else ? end
       where customer->>'customerId' = ?`,
      [ERASED, ERASED, customerId],
    );
  }

  /** Suggestions registered from the customer's conversations quote them; the product and the count stay. */
  static async eraseFeedback(em: EntityManager, conversationIds: string[]): Promise<void> {
    if (!conversationIds.length) return;
    await em.execute(
      `update product_feedback set suggestion = ?
       where conversation_id in (select jsonb_array_elements_text(?::jsonb)::uuid)`,
      [ERASED, JSON.stringify(conversationIds)],
    );
  }

  /** Handovers that passed on the customer's conversations: their note and leftover issues. */
  static async handoversAbout(em: EntityManager, conversationIds: string[]): Promise<TextRow[]> {
    if (!conversationIds.length) return [];
    const rows = await em.execute<{ id: string; note: string; leftover_issues: string[] }[]>(
      `select h.id, h.note, h.leftover_issues from handovers h
       where exists (select 1 from jsonb_array_elements_text(h.conversation_ids || h.rerouted_conversation_ids) passed
                     where passed in (select jsonb_array_elements_text(?::jsonb)))`,
      [JSON.stringify(conversationIds)],
    );
    return rows.map((r) => ({ id: r.id, texts: [r.note, ...r.leftover_issues] }));
  }

  static async rewriteHandover(em: EntityManager, id: string, [note, ...leftoverIssues]: string[]): Promise<void> {
    await em.execute('update handovers set note = ?, leftover_issues = ?::jsonb where id = ?', [
      note ?? '',
      JSON.stringify(leftoverIssues),
      id,
    ]);
  }
}
