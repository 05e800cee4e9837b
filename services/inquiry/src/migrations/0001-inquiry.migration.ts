import { idempotencyKeysTableSql } from '@cs/persistence';
import { Migration } from '@mikro-orm/migrations';
import { defaultRules, defaultSlaPolicies } from './default-rules.js';

/** The front line: conversations and messages, agents and queues, rules, SLA policies, desk work. */
export class CreateInquiry extends Migration {
  override up(): void {
    this.addSql(`create table conversations (
      id uuid primary key,
      channel text not null,
      customer jsonb not null,
      order_id text,
      conversation_class text not null,
      classification_source text not null,
      priority text not null,
      status text not null,
      team text not null,
      assignee jsonb,
      assignee_id text,
      escalation_level text not null,
      script_stage text not null,
      problem text not null default '',
      handling_steps jsonb not null default '[]'::jsonb,
      result text not null default '',
      assignments jsonb not null default '[]'::jsonb,
      opened_at timestamptz not null,
      queued_at timestamptz,
      last_customer_at timestamptz not null,
      first_response_at timestamptz,
      first_response_minutes double precision,
      awaiting_reply_since timestamptz,
      next_response_minutes jsonb not null default '[]'::jsonb,
      pauses jsonb not null default '[]'::jsonb,
      sla_warnings jsonb not null default '{}'::jsonb,
      order_confirmed_at timestamptz,
      closed_at timestamptz,
      close_reason text not null,
      version integer not null default 1
    )`);
    this.addSql(
      "create index conversations_queue on conversations (team, queued_at, id) where status = 'CONVERSATION_STATUS_QUEUED'",
    );
    this.addSql(
      "create index conversations_open_of_customer on conversations (channel, (customer->>'customerId')) where status <> 'CONVERSATION_STATUS_CLOSED'",
    );
    this.addSql('create index conversations_of_assignee on conversations (assignee_id, status)');
    this.addSql('create index conversations_opened on conversations (opened_at, id)');
    this.addSql(`create table messages (
      id uuid primary key,
      conversation_id uuid not null references conversations (id) deferrable initially deferred,
      channel text not null,
      channel_message_id text,
      kind text not null,
      body text not null,
      attachments jsonb not null default '[]'::jsonb,
      author jsonb,
      sent_at timestamptz not null
    )`);
    // A replayed channel message is recognised by its channel id.
    this.addSql(
      'create unique index messages_channel_id on messages (channel, channel_message_id) where channel_message_id is not null',
    );
    this.addSql('create index messages_of_conversation on messages (conversation_id, sent_at, id)');
    this.addSql(`create table agents (
      id text primary key,
      name text not null,
      teams jsonb not null,
      role text not null,
      presence text not null,
      capacity integer not null check (capacity >= 0),
      open_count integer not null default 0 check (open_count >= 0),
      last_assigned_at timestamptz,
      version integer not null default 1
    )`);
    this.addSql(`create table classification_rules (
      id text primary key,
      conversation_class text not null,
      kind text not null,
      pattern text not null,
      priority integer not null,
      enabled boolean not null default true
    )`);
    this.addSql(`create table sla_policies (
      conversation_class text not null,
      priority text not null,
      first_response_minutes integer not null,
      next_response_minutes integer not null,
      resolution_minutes integer not null,
      primary key (conversation_class, priority)
    )`);
    for (const r of defaultRules) {
      this.addSql(
        `insert into classification_rules (id, conversation_class, kind, pattern, priority) values (${[
          r.id,
          r.conversationClass,
          r.kind,
          r.pattern,
        ]
          .map((v) => `'${v.replaceAll("'", "''")}'`)
          .join(', ')}, ${r.priority})`,
      );
    }
    for (const p of defaultSlaPolicies) {
      this.addSql(
        `insert into sla_policies values ('${p.conversationClass}', '${p.priority}', ${p.firstResponseMinutes}, ${p.nextResponseMinutes}, ${p.resolutionMinutes})`,
      );
    }
    this.addSql(`create table follow_up_tasks (
      id uuid primary key,
      order_id text not null unique,
      customer jsonb not null,
      total jsonb,
      status text not null,
      outcome text not null default '',
      order_version integer not null,
      created_at timestamptz not null,
      done_at timestamptz,
      done_by jsonb
    )`);
    this.addSql(`create table handovers (
      id uuid primary key,
      from_agent jsonb not null,
      to_agent_id text not null,
      note text not null,
      leftover_issues jsonb not null,
      conversation_ids jsonb not null,
      created_at timestamptz not null
    )`);
    this.addSql(`create table product_feedback (
      id uuid primary key,
      product text not null,
      suggestion text not null,
      conversation_id uuid,
      recorded_by jsonb not null,
      recorded_at timestamptz not null
    )`);
    this.addSql('create index product_feedback_by_time on product_feedback (recorded_at)');
    this.addSql(`create table work_log (
      id uuid primary key,
      agent_id text not null,
      text text not null,
      written_at timestamptz not null
    )`);
    this.addSql('create index work_log_of_agent on work_log (agent_id, written_at)');
    this.addSql(`create table sales_attributions (
      order_id text primary key,
      conversation_id uuid not null,
      sales_agent jsonb not null,
      agent_id text not null,
      attributed_at timestamptz not null
    )`);
    this.addSql(idempotencyKeysTableSql);
  }

  override down(): void {
    for (const table of [
      'idempotency_keys',
      'sales_attributions',
      'work_log',
      'product_feedback',
      'handovers',
      'follow_up_tasks',
      'sla_policies',
      'classification_rules',
      'agents',
      'messages',
      'conversations',
    ]) {
      this.addSql(`drop table ${table}`);
    }
  }
}
