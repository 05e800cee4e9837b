import { Migration } from '@mikro-orm/migrations';

/** The hash the first record of a chain links to. */
export const AUDIT_GENESIS_HASH = '0'.repeat(64);

/**
 * The audit trail every service keeps (see @cs/audit): one row per command and personal-data read,
 * each chaining the previous row's hash. `seq` is assigned by the writer under the chain head's
 * row lock, so it has no gaps: a missing number is a deleted record (a bigserial would leave gaps
 * on every rollback and hide that). The triggers make the table append-only for everyone short of
 * a superuser who disables them; the chain is what catches that case.
 */
export class CreateAuditTrail extends Migration {
  override up(): void {
    this.addSql(`create table audit_records (
      seq bigint primary key,
      at timestamptz not null,
      subject text not null,
      roles text[] not null,
      via text not null,
      service text not null,
      rpc text not null,
      ids jsonb not null,
      trace_id text not null,
      outcome text not null,
      prev_hash text not null,
      hash text not null
    )`);
    this.addSql('create index audit_records_at on audit_records (at)');
    this.addSql('create index audit_records_subject on audit_records (subject, seq)');
    this.addSql('create index audit_records_rpc on audit_records (rpc, seq)');
    // "Any id of the call equals X" (an order id, a conversation id) without knowing the field name.
    this.addSql(`create function audit_id_values(ids jsonb) returns text[] language sql immutable strict as $$
      select coalesce(array_agg(value order by value), '{}') from jsonb_each_text(ids) $$`);
    this.addSql('create index audit_records_id_values on audit_records using gin (audit_id_values(ids))');
    // One row: the last seq and hash. Appenders lock it (FOR UPDATE), which serialises the chain
    // across requests and replicas; verification compares it with the last record (a deleted tail).
    this.addSql(`create table audit_chain_head (
      singleton boolean primary key default true check (singleton),
      seq bigint not null,
      hash text not null
    )`);
    this.addSql(`insert into audit_chain_head (seq, hash) values (0, '${AUDIT_GENESIS_HASH}')`);
    this.addSql(`create function audit_records_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'audit_records is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
      end $$`);
    this.addSql(`create trigger audit_records_append_only before update or delete on audit_records
      for each row execute function audit_records_append_only()`);
    this.addSql(`create trigger audit_records_no_truncate before truncate on audit_records
      for each statement execute function audit_records_append_only()`);
  }

  override down(): void {
    this.addSql('drop table audit_chain_head');
    this.addSql('drop table audit_records');
    this.addSql('drop function audit_records_append_only');
    this.addSql('drop function audit_id_values');
  }
}
