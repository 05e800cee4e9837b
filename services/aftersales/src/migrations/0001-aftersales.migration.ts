import { idempotencyKeysTableSql } from '@cs/persistence';
import { Migration } from '@mikro-orm/migrations';

export class CreateAftersales extends Migration {
  override up(): void {
    this.addSql(`create table aftersales_cases (
      id uuid primary key,
      kind text not null,
      state text not null,
      customer jsonb not null,
      order_id text not null,
      origin jsonb not null,
      origin_key text unique,
      reason text not null,
      quality_problem boolean not null,
      parcel_problem text not null,
      items jsonb not null,
      wanted_item jsonb,
      requested_amount jsonb,
      evidence jsonb not null default '[]'::jsonb,
      verification jsonb,
      return_waybill jsonb,
      inspection jsonb,
      refund jsonb,
      outbound_shipment jsonb,
      recall jsonb,
      sign_in jsonb,
      repair jsonb,
      postage_reimbursement jsonb,
      rejection_reason text,
      extend_receipt_days integer not null default 0,
      redelivery_address jsonb,
      opened_by jsonb,
      outcome text not null,
      history jsonb not null default '[]'::jsonb,
      opened_at timestamptz not null,
      updated_at timestamptz not null,
      due_at timestamptz,
      closed_at timestamptz,
      closed_by jsonb,
      version integer not null default 1
    )`);
    this.addSql(
      "create index aftersales_cases_by_customer on aftersales_cases ((customer->>'customerId'), opened_at desc)",
    );
    this.addSql('create index aftersales_cases_by_order on aftersales_cases (order_id, opened_at desc)');
    this.addSql(
      "create index aftersales_cases_open_due on aftersales_cases (due_at) where state <> 'CASE_STATE_CLOSED'",
    );
    // Object storage for evidence photos; behind EvidenceStore, so it can move to S3/OSS later.
    this.addSql(`create table evidence_objects (
      key text primary key,
      content_type text not null,
      content bytea not null,
      created_at timestamptz not null default now()
    )`);
    this.addSql(`create table shipments (
      tracking_number text primary key,
      courier text not null,
      order_id text not null,
      customer jsonb not null,
      shipped_at timestamptz not null,
      last_update_at timestamptz not null,
      last_status text not null,
      delivered boolean not null default false
    )`);
    this.addSql('create index shipments_in_transit on shipments (last_update_at) where not delivered');
    this.addSql(`create table reviews (
      id text primary key,
      order_id text not null,
      customer jsonb not null,
      rating text not null,
      cause text not null,
      text text not null,
      reviewed_at timestamptz not null,
      reply text,
      replied_by jsonb,
      replied_at timestamptz,
      follow_up text not null,
      resolution text,
      resolved_by jsonb,
      resolved_at timestamptz,
      version integer not null default 1
    )`);
    this.addSql('create index reviews_by_time on reviews (reviewed_at)');
    this.addSql(idempotencyKeysTableSql);
  }

  override down(): void {
    this.addSql('drop table idempotency_keys');
    this.addSql('drop table reviews');
    this.addSql('drop table shipments');
    this.addSql('drop table evidence_objects');
    this.addSql('drop table aftersales_cases');
  }
}
