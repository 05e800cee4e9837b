import { randomUUID } from 'node:crypto';
import type { Money } from '@cs/contracts/cs/common/v1/money';
import type { CustomerRef } from '@cs/contracts/cs/common/v1/refs';
import { FollowUpStatus } from '@cs/contracts/cs/inquiry/v1/desk_service';
import type { EntityManager } from '@mikro-orm/postgresql';

export type Settlement = FollowUpStatus.FOLLOW_UP_STATUS_PAID | FollowUpStatus.FOLLOW_UP_STATUS_ORDER_CANCELLED;

/**
 * 催付 tasks as the order desk's events open and close them. The reminder and the settlement
 * (paid, cancelled) come on separate consumers in no set order, so the settlement is remembered in
 * settled_orders whether or not a task exists yet, and both paths take the order's lock: whichever
 * runs second sees what the first one wrote.
 */
export class FollowUpStore {
  private static lockOrder(em: EntityManager, orderId: string) {
    return em.execute('select pg_advisory_xact_lock(hashtext(?))', [`inquiry.follow-up:${orderId}`]);
  }

  /**
   * One task per order; a later reminder for the same order changes nothing, and neither does a
   * reminder for an order already known settled at its version or later. True when a task opened.
   */
  static async open(
    em: EntityManager,
    task: { orderId: string; customer: CustomerRef; total?: Money; orderVersion: number; at: Date },
  ): Promise<boolean> {
    await FollowUpStore.lockOrder(em, task.orderId);
    const rows = await em.execute<{ id: string }[]>(
      `insert into follow_up_tasks (id, order_id, customer, total, status, order_version, created_at)
       select ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?
       where not exists (select 1 from settled_orders s where s.order_id = ? and s.order_version >= ?)
       on conflict (order_id) do nothing returning id`,
      [
        randomUUID(),
        task.orderId,
        JSON.stringify(task.customer),
        task.total ? JSON.stringify(task.total) : null,
        FollowUpStatus.FOLLOW_UP_STATUS_OPEN,
        task.orderVersion,
        task.at,
        task.orderId,
        task.orderVersion,
      ],
    );
    return rows.length > 0;
  }

  /**
   * The order desk settled the order: remembered at the newest version heard of, and an open task
   * from an older (or the same) version closes itself; an older event changes nothing.
   */
  static async settle(em: EntityManager, orderId: string, orderVersion: number, status: Settlement): Promise<void> {
    await FollowUpStore.lockOrder(em, orderId);
    await em.execute(
      `insert into settled_orders (order_id, status, order_version, settled_at) values (?, ?, ?, now())
       on conflict (order_id) do update set status = excluded.status, order_version = excluded.order_version,
         settled_at = excluded.settled_at
       where settled_orders.order_version < excluded.order_version`,
      [orderId, status, orderVersion],
    );
    await em.execute(
      `update follow_up_tasks set status = ?, done_at = now(), order_version = ?
       where order_id = ? and status = ? and order_version <= ?`,
      [status, orderVersion, orderId, FollowUpStatus.FOLLOW_UP_STATUS_OPEN, orderVersion],
    );
  }
}
