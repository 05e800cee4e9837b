import { Migration } from '@mikro-orm/migrations';

/**
 * Customer profiles projected from every service's events, their timeline, loyalty, revisits and surveys.
 * Read by campaigns (segments): customer_profiles, customer_contact_channels, customer_order_items,
 * customer_interests. Facts are kept per source (orders, conversations) and the profile's figures are
 * recomputed from them, so replays and events out of order end in the same profile.
 */
export class CustomerProfiles extends Migration {
  override up(): void {
    // lifecycle_stage: prospect | first_buyer | returning | loyal; tier: standard | silver | gold | platinum;
    // total_spend_fen counts paid orders neither cancelled nor refunded.
    this.addSql(`create table customer_profiles (
      customer_id text primary key,
      display_name text not null default '',
      phone text not null default '',
      email text not null default '',
      group_name text not null default '',
      tags text[] not null default '{}',
      lifecycle_stage text not null default 'prospect',
      tier text not null default 'standard',
      paid_orders integer not null default 0,
      total_spend_fen bigint not null default 0,
      currency text not null default 'CNY',
      last_purchase_at timestamptz,
      first_seen_at timestamptz not null,
      last_contact_at timestamptz,
      points_balance bigint not null default 0,
      -- Key customers (tier or tag): when their next periodic revisit is due; null for the others.
      key_revisit_due_at timestamptz,
      erased_at timestamptz,
      version integer not null default 1,
      updated_at timestamptz not null default now()
    )`);
    this.addSql('create index customer_profiles_by_stage on customer_profiles (lifecycle_stage, customer_id)');
    this.addSql('create index customer_profiles_by_tier on customer_profiles (tier, customer_id)');
    this.addSql('create index customer_profiles_by_last_purchase on customer_profiles (last_purchase_at)');
    this.addSql('create index customer_profiles_by_tag on customer_profiles using gin (tags)');
    this.addSql(
      'create index customer_profiles_key_revisit_due on customer_profiles (key_revisit_due_at) where key_revisit_due_at is not null',
    );

    // channel: phone | email | marketplace_im | wechat | social_dm; address: the number, mailbox or account.
    this.addSql(`create table customer_contact_channels (
      customer_id text not null,
      channel text not null,
      address text not null,
      first_seen_at timestamptz not null,
      last_seen_at timestamptz not null,
      primary key (customer_id, channel, address)
    )`);

    // One row per order seen on the bus; customer_id stays null until the placement arrives.
    this.addSql(`create table customer_orders (
      order_id text primary key,
      customer_id text,
      placed_at timestamptz,
      paid_at timestamptz,
      cancelled_at timestamptz,
      refunded_at timestamptz,
      stage text not null default '',
      total_fen bigint not null default 0,
      currency text not null default 'CNY',
      order_version bigint not null default 0
    )`);
    this.addSql('create index customer_orders_of_customer on customer_orders (customer_id)');
    this.addSql(`create table customer_order_items (
      order_id text not null,
      customer_id text not null,
      sku text not null,
      title text not null default '',
      quantity integer not null default 1,
      primary key (order_id, sku)
    )`);
    this.addSql('create index customer_order_items_by_sku on customer_order_items (sku, customer_id)');

    this.addSql(`create table customer_conversations (
      conversation_id text primary key,
      customer_id text,
      channel text not null default '',
      conversation_class text not null default '',
      opened_at timestamptz,
      closed_at timestamptz
    )`);
    this.addSql('create index customer_conversations_of_customer on customer_conversations (customer_id)');
    // Interest recorded in a conversation (e.g. pre-sales questions), for targeted campaigns.
    this.addSql(`create table customer_interests (
      customer_id text not null,
      topic text not null,
      conversation_id text not null,
      recorded_at timestamptz not null,
      primary key (customer_id, topic, conversation_id)
    )`);
    this.addSql('create index customer_interests_by_topic on customer_interests (topic, customer_id)');

    this.addSql(`create table customer_notes (
      note_id uuid primary key,
      customer_id text not null,
      body text not null,
      author_id text not null,
      author_name text not null default '',
      created_at timestamptz not null
    )`);
    this.addSql('create index customer_notes_of_customer on customer_notes (customer_id, created_at desc)');

    // source_key names the fact (subject:id): one entry per fact, whatever the redeliveries.
    this.addSql(`create table timeline_entries (
      entry_id uuid primary key,
      customer_id text,
      source_key text not null unique,
      ref_kind text not null,
      ref_id text not null,
      kind text not null,
      occurred_at timestamptz not null,
      summary text not null default ''
    )`);
    this.addSql(
      'create index timeline_entries_newest_first on timeline_entries (customer_id, occurred_at desc, entry_id desc)',
    );
    this.addSql(
      'create index timeline_entries_unlinked on timeline_entries (ref_kind, ref_id) where customer_id is null',
    );

    // Every movement of points is a row; source_key makes each movement happen once.
    this.addSql(`create table points_ledger (
      entry_id uuid primary key,
      customer_id text not null,
      delta bigint not null,
      reason text not null,
      source_key text not null unique,
      balance_after bigint not null check (balance_after >= 0),
      occurred_at timestamptz not null
    )`);
    this.addSql('create index points_ledger_of_customer on points_ledger (customer_id, occurred_at desc, entry_id)');
    this.addSql(`create table coupons (
      coupon_id uuid primary key,
      customer_id text not null,
      programme text not null,
      source_key text not null unique,
      issued_at timestamptz not null
    )`);
    this.addSql('create index coupons_of_customer on coupons (customer_id)');

    // status: open | done | cancelled. One revisit per source (case, complaint, survey, period).
    this.addSql(`create table revisits (
      revisit_id uuid primary key,
      customer_id text not null,
      reason text not null,
      source_kind text not null,
      source_id text not null,
      due_at timestamptz not null,
      status text not null default 'open',
      outcome text not null default '',
      note text not null default '',
      raised_kind text not null default '',
      raised_id text not null default '',
      completed_by text not null default '',
      completed_at timestamptz,
      created_at timestamptz not null,
      version integer not null default 1,
      unique (source_kind, source_id)
    )`);
    this.addSql("create index revisits_open_by_due on revisits (due_at, revisit_id) where status = 'open'");
    this.addSql('create index revisits_of_customer on revisits (customer_id)');

    // kind: csat | nps. At most one survey per subject, even if the subject is reopened.
    this.addSql(`create table surveys (
      survey_id uuid primary key,
      customer_id text not null,
      kind text not null,
      subject_kind text not null,
      subject_id text not null,
      sent_at timestamptz not null,
      answered_at timestamptz,
      score integer,
      comment text not null default '',
      unique (kind, subject_kind, subject_id)
    )`);
    this.addSql('create index surveys_of_customer on surveys (customer_id)');
    // The periodic NPS round (one row): when the next sample is asked; the due-work scheduler claims it.
    this.addSql(`create table nps_schedule (
      schedule text primary key,
      next_round_at timestamptz not null
    )`);
    this.addSql("insert into nps_schedule (schedule, next_round_at) values ('nps', now())");
  }
}
