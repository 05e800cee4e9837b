import { idempotencyKeysTableSql } from '@cs/persistence';
import { Migration } from '@mikro-orm/migrations';

export class CreateOrders extends Migration {
  override up(): void {
    this.addSql(`create table orders (
      id text primary key,
      customer jsonb not null,
      stage text not null,
      items jsonb not null,
      address jsonb not null,
      total jsonb not null,
      placed_at timestamptz not null,
      paid_at timestamptz,
      printed_at timestamptz,
      packed_at timestamptz,
      shipped_at timestamptz,
      remarks jsonb not null default '[]'::jsonb,
      version integer not null default 1
    )`);
    this.addSql("create index orders_by_customer on orders ((customer->>'customerId'))");
    this.addSql(`create table warehouse_tasks (
      id uuid primary key,
      order_id text not null references orders (id),
      kind text not null,
      status text not null,
      instructions text not null,
      new_address jsonb not null,
      created_at timestamptz not null
    )`);
    this.addSql(
      "create index warehouse_tasks_open on warehouse_tasks (created_at) where status = 'WAREHOUSE_TASK_STATUS_OPEN'",
    );
    this.addSql(idempotencyKeysTableSql);
  }

  override down(): void {
    this.addSql('drop table idempotency_keys');
    this.addSql('drop table warehouse_tasks');
    this.addSql('drop table orders');
  }
}
