import { idempotencyKeysTableSql } from '@cs/persistence';
import { Migration } from '@mikro-orm/migrations';

/**
 * The complaint file (投诉处理登记表) and its steps. Columns other parts read (the deadline sweep,
 * incidents, reports) are plain columns; the file's nested parts (facts, evidence list, analysis,
 * rounds, execution, evaluation) are jsonb.
 */
export class CreateComplaints extends Migration {
  override up(): void {
    this.addSql(`create table complaint (
      complaint_id uuid primary key,
      number text not null unique,
      source text not null,
      source_reference text not null default '',
      source_key text unique,
      customer_id text not null,
      customer jsonb not null,
      conversation_id text not null default '',
      description text not null default '',
      remedy_sought text not null default '',
      claimed_nature text not null,
      stage text not null,
      stage_entered_at timestamptz not null,
      severity text not null,
      nature text not null,
      escalation_level text not null,
      handler_agent_id text,
      handler_name text,
      step_due_at timestamptz,
      external_deadline timestamptz,
      incident_id uuid,
      facts jsonb not null default '{}'::jsonb,
      skus text[] not null default '{}',
      evidence jsonb not null default '[]'::jsonb,
      analysis jsonb,
      root_cause_type text,
      root_cause_category text,
      root_cause_subcategory text,
      responsible_party text,
      responsible_agent_id text,
      responsible_agent_name text,
      rounds jsonb not null default '[]'::jsonb,
      remedy_kind text,
      execution jsonb,
      evaluation jsonb,
      evaluation_score int,
      revisit_due_at timestamptz,
      opened_at timestamptz not null,
      archived_at timestamptz,
      updated_at timestamptz not null,
      version bigint not null default 1
    )`);
    // The deadline sweep reads only what is due, never every open file.
    this.addSql('create index complaint_step_due on complaint (step_due_at) where step_due_at is not null');
    this.addSql('create index complaint_opened_at on complaint (opened_at)');
    this.addSql('create index complaint_handler on complaint (handler_agent_id)');
    this.addSql('create index complaint_incident on complaint (incident_id)');
    this.addSql('create index complaint_customer on complaint (customer_id, opened_at desc)');
    this.addSql('create index complaint_skus on complaint using gin (skus)');
    this.addSql(`create table complaint_step (
      complaint_id uuid not null references complaint (complaint_id),
      seq int not null,
      action text not null,
      stage_from text not null,
      stage_to text not null,
      actor_id text not null,
      actor_name text not null,
      at timestamptz not null,
      note text not null default '',
      primary key (complaint_id, seq)
    )`);
    this.addSql('create index complaint_step_at on complaint_step (at)');
    // Numbers are unique per shop day: one counter row per day.
    this.addSql(`create table complaint_number_counter (
      day text primary key,
      last_value int not null
    )`);
    // The root-cause taxonomy (type → category → subcategory); retired causes stay for old files.
    this.addSql(`create table root_cause (
      type text not null,
      category text not null,
      subcategory text not null,
      description text not null default '',
      retired boolean not null default false,
      primary key (type, category, subcategory)
    )`);
    this.addSql(
      `insert into root_cause (type, category, subcategory, description) values ${seededRootCauses
        .map(([t, c, s, d]) => `(${quote(t)}, ${quote(c)}, ${quote(s)}, ${quote(d)})`)
        .join(', ')}`,
    );
    // Object storage for evidence photos; behind EvidenceStore, so it can move to S3/OSS later.
    this.addSql(`create table evidence_objects (
      key text primary key,
      content_type text not null,
      content bytea not null,
      created_at timestamptz not null default now()
    )`);
    this.addSql(idempotencyKeysTableSql);
  }

  override down(): void {
    this.addSql('drop table idempotency_keys');
    this.addSql('drop table evidence_objects');
    this.addSql('drop table root_cause');
    this.addSql('drop table complaint_number_counter');
    this.addSql('drop table complaint_step');
    this.addSql('drop table complaint');
  }
}

const quote = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** The department's causes as of this migration; managers extend or retire them with RootCausesService. */
const seededRootCauses: [string, string, string, string][] = [
  ['product', 'quality', 'defect', '产品缺陷：做工、功能故障'],
  ['product', 'quality', 'damaged-in-packing', '包装破损导致损坏'],
  ['product', 'description', 'not-as-described', '与描述不符'],
  ['warehouse', 'picking', 'wrong-item', '发错货'],
  ['warehouse', 'picking', 'missing-item', '漏发'],
  ['warehouse', 'packing', 'poor-packing', '包装不当'],
  ['logistics', 'delivery', 'late', '物流延误'],
  ['logistics', 'delivery', 'lost', '包裹丢失'],
  ['logistics', 'delivery', 'damaged-in-transit', '运输途中损坏'],
  ['service', 'attitude', 'rude', '客服态度差'],
  ['service', 'attitude', 'no-response', '客服不回复'],
  ['service', 'knowledge', 'wrong-information', '客服答复错误'],
  ['pricing', 'price', 'price-drop', '降价/价保'],
  ['pricing', 'promotion', 'coupon-not-applied', '优惠未生效'],
  ['other', 'other', 'other', '其他'],
];
