import { Migration } from '@mikro-orm/migrations';

/**
 * Campaigns: consent per channel, segments, campaigns, their runs and every message decided.
 * outbound_messages is the ledger that makes sends idempotent: one row per campaign x customer x
 * channel (unique), written in the same transaction as the run's cursor and counts.
 */
export class Campaigns extends Migration {
  override up(): void {
    // channel: sms | email | im. address empty: the profile's phone, email or IM account is used.
    this.addSql(`create table channel_consents (
      customer_id text not null,
      channel text not null,
      address text not null default '',
      marketing_consent boolean not null default false,
      opted_out_at timestamptz,
      updated_at timestamptz not null,
      primary key (customer_id, channel)
    )`);
    this.addSql(`create table segments (
      segment_id uuid primary key,
      name text not null,
      rules jsonb not null,
      defined_by text not null,
      defined_at timestamptz not null
    )`);
    // purpose: marketing | transactional; channels: sms | email | im.
    this.addSql(`create table campaigns (
      campaign_id uuid primary key,
      name text not null,
      segment_id uuid not null references segments,
      purpose text not null,
      channels text[] not null,
      subject text not null default '',
      body text not null,
      coupon_code text not null default '',
      created_by text not null,
      created_at timestamptz not null
    )`);
    // One run per campaign; cursor is the last customer_id decided (keyset over the segment).
    this.addSql(`create table campaign_runs (
      run_id uuid primary key,
      campaign_id uuid not null unique references campaigns,
      state text not null,
      cursor text not null default '',
      targeted bigint not null default 0,
      sent bigint not null default 0,
      held bigint not null default 0,
      skipped_by_cap bigint not null default 0,
      skipped_by_opt_out bigint not null default 0,
      failed bigint not null default 0,
      delivered bigint not null default 0,
      started_by text not null,
      started_at timestamptz not null,
      completed_at timestamptz
    )`);
    this.addSql("create index campaign_runs_running on campaign_runs (started_at) where state = 'running'");
    // state: queued (email, to the mail server next) | sent | held | skipped_by_cap | skipped_by_opt_out
    // | failed | delivered. counted_at: when it reaches the customer (marketing caps count by it).
    this.addSql(`create table outbound_messages (
      message_id uuid primary key,
      campaign_id uuid references campaigns,
      reference text not null default '',
      customer_id text not null,
      channel text not null,
      purpose text not null,
      state text not null,
      reason text not null default '',
      address text not null default '',
      subject text not null default '',
      text text not null default '',
      due_at timestamptz,
      counted_at timestamptz,
      attempts integer not null default 0,
      detail text not null default '',
      created_at timestamptz not null,
      updated_at timestamptz not null
    )`);
    this.addSql(
      'create unique index outbound_messages_once_per_campaign on outbound_messages (campaign_id, customer_id, channel)',
    );
    this.addSql(
      `create index outbound_messages_marketing_counted on outbound_messages (customer_id, counted_at)
       where purpose = 'marketing' and counted_at is not null`,
    );
    this.addSql("create index outbound_messages_held on outbound_messages (due_at) where state = 'held'");
    this.addSql("create index outbound_messages_queued on outbound_messages (due_at) where state = 'queued'");
  }
}
