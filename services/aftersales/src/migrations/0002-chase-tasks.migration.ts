import { Migration } from '@mikro-orm/migrations';

export class CreateChaseTasks extends Migration {
  override up(): void {
    this.addSql(`create table chase_tasks (
      id uuid primary key,
      tracking_number text not null,
      courier text not null,
      order_id text not null,
      customer jsonb not null,
      silent_since timestamptz not null,
      status text not null,
      parties jsonb not null,
      chases jsonb not null default '[]'::jsonb,
      opened_at timestamptz not null,
      resolution text not null,
      resolution_note text not null default '',
      resolved_by jsonb,
      resolved_at timestamptz,
      case_id uuid,
      version integer not null default 1
    )`);
    // One task per silence of a shipment: a resolved silence is not chased again.
    this.addSql('create unique index chase_tasks_one_per_silence on chase_tasks (tracking_number, silent_since)');
    // Never two open tasks for the same shipment, whatever the replicas do.
    this.addSql(
      "create unique index chase_tasks_one_open on chase_tasks (tracking_number) where status = 'CHASE_TASK_STATUS_OPEN'",
    );
    this.addSql(
      "create index chase_tasks_open_by_silence on chase_tasks (silent_since, id) where status = 'CHASE_TASK_STATUS_OPEN'",
    );
  }

  override down(): void {
    this.addSql('drop table chase_tasks');
  }
}
