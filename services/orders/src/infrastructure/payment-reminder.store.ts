import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Payment reminders due at a time, in the database rather than in timers: they survive restarts,
 * and replicas claim due rows with FOR UPDATE SKIP LOCKED, so each reminder is sent by one of them.
 */
export class PaymentReminderStore {
  static async schedule(em: EntityManager, orderId: string, dueAt: Date): Promise<void> {
    await em.execute(
      `insert into payment_reminders (order_id, due_at, status) values (?, ?, 'pending') on conflict (order_id) do nothing`,
      [orderId, dueAt],
    );
  }

  /** Paying the order cancels its reminder (in the same transaction as the payment). */
  static async cancel(em: EntityManager, orderId: string): Promise<void> {
    await em.execute(
      `update payment_reminders set status = 'cancelled', settled_at = now() where order_id = ? and status = 'pending'`,
      [orderId],
    );
  }

  /** Locks up to `limit` due reminders for this transaction; other replicas skip them. */
  static async claimDue(em: EntityManager, limit: number): Promise<string[]> {
    const rows = await em.execute<{ order_id: string }[]>(
      `select order_id from payment_reminders where status = 'pending' and due_at <= now()
       order by due_at limit ? for update skip locked`,
      [limit],
    );
    return rows.map((r) => r.order_id);
  }

  static async settle(em: EntityManager, orderId: string, status: 'sent' | 'cancelled'): Promise<void> {
    await em.execute(`update payment_reminders set status = ?, settled_at = now() where order_id = ?`, [
      status,
      orderId,
    ]);
  }
}
