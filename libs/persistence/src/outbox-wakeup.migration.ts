import { Migration } from '@mikro-orm/migrations';

/**
 * The outbox insert trigger's NOTIFY goes: a committing transaction that notified held PostgreSQL's
 * global notify lock through its WAL flush, so every command writing an event committed one after
 * another. The relay is woken in-process after the commit instead (outbox-commits.ts) and polls for
 * rows other processes wrote.
 */
export class DropOutboxNotify extends Migration {
  override up(): void {
    this.addSql('drop trigger cs_outbox_inserted on cs_outbox');
    this.addSql('drop function cs_outbox_notify');
  }

  override down(): void {
    this.addSql(`create function cs_outbox_notify() returns trigger language plpgsql as $$
      begin perform pg_notify('cs_outbox', ''); return null; end $$`);
    this.addSql(`create trigger cs_outbox_inserted after insert on cs_outbox
      for each statement execute function cs_outbox_notify()`);
  }
}
