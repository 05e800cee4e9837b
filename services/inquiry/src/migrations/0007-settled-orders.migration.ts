import { FollowUpStatus } from '@cs/contracts/cs/inquiry/v1/desk_service';
import { Migration } from '@mikro-orm/migrations';

/**
 * What the front desk last heard about an order's payment, kept even when no 催付 task exists: the
 * reminder and the payment/cancellation arrive on separate consumers in any order, and a reminder
 * that comes after the order was settled must not open a task.
 */
export class SettledOrders extends Migration {
  override up(): void {
    this.addSql(`create table settled_orders (
      order_id text primary key,
      status text not null,
      order_version integer not null,
      settled_at timestamptz not null
    )`);
    // Orders already settled through their task: the same guard applies to them from now on.
    this.addSql(
      `insert into settled_orders (order_id, status, order_version, settled_at)
       select order_id, status, order_version, coalesce(done_at, now()) from follow_up_tasks
       where status in ('${FollowUpStatus.FOLLOW_UP_STATUS_PAID}', '${FollowUpStatus.FOLLOW_UP_STATUS_ORDER_CANCELLED}')`,
    );
  }

  override down(): void {
    this.addSql('drop table settled_orders');
  }
}
