import { Migration } from '@mikro-orm/migrations';

/**
 * Emergency mode (应急): incidents grouping a spike of complaints with one SKU or one root cause;
 * and the deadline sweep's partial indexes, so a tick reads only files it can escalate.
 */
export class CreateIncidents extends Migration {
  override up(): void {
    this.addSql(`create table incident (
      incident_id uuid primary key,
      trigger text not null,
      key text not null,
      threshold int not null,
      window_minutes int not null,
      opened_at timestamptz not null,
      closed_at timestamptz,
      closed_by jsonb,
      close_note text not null default '',
      version bigint not null default 1
    )`);
    // One open incident per SKU or root cause, whatever the replicas do: a second spike joins it.
    this.addSql('create unique index incident_one_open on incident (trigger, key) where closed_at is null');
    this.addSql('create index incident_opened_at on incident (opened_at desc, incident_id)');
    // Overdue steps still below the manager (nobody is above the manager: those are never re-read).
    this.addSql(`create index complaint_escalation_due on complaint (step_due_at)
      where step_due_at is not null and escalation_level <> 'ESCALATION_LEVEL_MANAGER'`);
    // Platform / 12315 files not yet with the manager, by their external deadline.
    this.addSql(`create index complaint_external_due on complaint (external_deadline)
      where external_deadline is not null and archived_at is null and escalation_level <> 'ESCALATION_LEVEL_MANAGER'`);
  }

  override down(): void {
    this.addSql('drop index complaint_external_due');
    this.addSql('drop index complaint_escalation_due');
    this.addSql('drop table incident');
  }
}
