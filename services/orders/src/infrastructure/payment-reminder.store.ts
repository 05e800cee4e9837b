import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Payment reminders due at a time, in the database rather than in timers: they survive restarts,
 * and replicas claim due rows through the shared DueWorkScheduler (payment-reminder.scheduler.ts).
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

  static async settle(em: EntityManager, orderId: string, status: 'sent' | 'cancelled'): Promise<void> {
    await em.execute(`update payment_reminders set status = ?, settled_at = now() where order_id = ?`, [
      status,
      orderId,
    ]);
  }
}
