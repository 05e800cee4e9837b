import { Migration } from '@mikro-orm/migrations';

/**
 * The transactional outbox and the consumer inbox every service has.
 * Outbox rows are written in the same transaction as the state change; the relay
 * claims them under a lease (see messaging-leases.migration.ts). The NOTIFY below woke it until
 * outbox-wakeup.migration.ts dropped it.
 */
export class CreateMessagingTables extends Migration {
  override up(): void {
    this.addSql(`create table cs_outbox (
      id uuid primary key,
      subject text not null,
      aggregate_id text not null,
      aggregate_version bigint not null,
      payload jsonb not null,
      headers jsonb not null default '{}'::jsonb,
      created_at timestamptz not null default clock_timestamp(),
      published_at timestamptz,
      attempts int not null default 0,
      last_error text
    )`);
    this.addSql('create index cs_outbox_pending on cs_outbox (created_at) where published_at is null');
    this.addSql(`create function cs_outbox_notify() returns trigger language plpgsql as $$
      begin perform pg_notify('cs_outbox', ''); return null; end $$`);
    this.addSql(`create trigger cs_outbox_inserted after insert on cs_outbox
      for each statement execute function cs_outbox_notify()`);
    this.addSql(`create table cs_inbox (
      consumer text not null,
      message_id text not null,
      subject text not null,
      received_at timestamptz not null default clock_timestamp(),
      primary key (consumer, message_id)
    )`);
  }

  override down(): void {
    this.addSql('drop table cs_inbox');
    this.addSql('drop trigger cs_outbox_inserted on cs_outbox');
    this.addSql('drop function cs_outbox_notify');
    this.addSql('drop table cs_outbox');
  }
}
