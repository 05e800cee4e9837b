import { Migration } from '@mikro-orm/migrations';

/** Every rule of the order desk: change requests and their desk tasks, stock, reminders, bank transfers. */
export class OrderDesk extends Migration {
  override up(): void {
    this.addSql('alter table orders add column cancelled_at timestamptz');
    this.addSql("create index orders_of_customer on orders ((customer->>'customerId'), placed_at desc, id desc)");
    this.addSql(`create table order_changes (
      id uuid primary key,
      order_id text not null references orders (id),
      kind text not null,
      status text not null,
      stage_at_commit text not null,
      requested_by jsonb not null,
      requested_at timestamptz not null,
      confirmation jsonb not null,
      before text not null,
      after text not null,
      special_request jsonb,
      task_ids jsonb not null default '[]'::jsonb,
      tasks_done integer not null default 0,
      completed_at timestamptz,
      version integer not null default 1
    )`);
    this.addSql('create index order_changes_of_order on order_changes (order_id, requested_at)');
    // Warehouse tasks become desk tasks (warehouse or printing desk), each belonging to a change.
    this.addSql('alter table warehouse_tasks rename to desk_tasks');
    this.addSql('drop index warehouse_tasks_open');
    this.addSql(`alter table desk_tasks
      add column change_id uuid,
      add column desk text not null default 'DESK_WAREHOUSE',
      add column sequence integer not null default 1,
      add column new_items jsonb,
      add column acknowledged_at timestamptz,
      add column acknowledged_by jsonb,
      add column completed_at timestamptz,
      add column completed_by jsonb,
      add column completed_step text,
      add column version integer not null default 1,
      alter column new_address drop not null`);
    this.addSql("update desk_tasks set kind = replace(kind, 'WAREHOUSE_TASK_KIND_', 'DESK_TASK_KIND_')");
    this.addSql("update desk_tasks set status = replace(status, 'WAREHOUSE_TASK_STATUS_', 'DESK_TASK_STATUS_')");
    this.addSql('alter table desk_tasks alter column desk drop default');
    this.addSql(
      "create index desk_tasks_open on desk_tasks (desk, created_at, id) where status <> 'DESK_TASK_STATUS_DONE'",
    );
    this.addSql('create index desk_tasks_of_change on desk_tasks (change_id, sequence)');
    this.addSql('create index desk_tasks_of_order on desk_tasks (order_id)');
    this.addSql(`create table stock_levels (
      sku text primary key,
      units integer not null,
      reported_at timestamptz not null,
      low_stock_alerted boolean not null default false,
      version integer not null default 1
    )`);
    this.addSql(`create table payment_reminders (
      order_id text primary key references orders (id),
      due_at timestamptz not null,
      status text not null,
      settled_at timestamptz
    )`);
    this.addSql("create index payment_reminders_due on payment_reminders (due_at) where status = 'pending'");
    this.addSql(`create table bank_transfers (
      id uuid primary key,
      payer_name text not null,
      amount jsonb not null,
      transferred_at timestamptz not null,
      reference text not null unique,
      order_id text references orders (id),
      matched_at timestamptz,
      registered_by jsonb not null,
      registered_at timestamptz not null,
      version integer not null default 1
    )`);
    this.addSql('create index bank_transfers_unmatched on bank_transfers (registered_at, id) where order_id is null');
  }

  override down(): void {
    this.addSql('drop table bank_transfers');
    this.addSql('drop table payment_reminders');
    this.addSql('drop table stock_levels');
    this.addSql('drop table order_changes');
    this.addSql('drop index orders_of_customer');
    this.addSql('alter table orders drop column cancelled_at');
  }
}
