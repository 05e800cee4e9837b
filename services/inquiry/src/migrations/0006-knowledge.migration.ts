import { Migration } from '@mikro-orm/migrations';

export class KnowledgeInConversations extends Migration {
  override up(): void {
    // What knowledge suggested for each customer message (cs.knowledge.suggestions.made).
    this.addSql(`create table conversation_suggestions (
      conversation_id text not null,
      message_id text not null,
      articles jsonb not null,
      replies jsonb not null,
      is_gap boolean not null,
      received_at timestamptz not null,
      primary key (conversation_id, message_id)
    )`);
    // The reply check's refusals, warnings and fail-open sends, for the agent's report.
    this.addSql(`create table reply_checks (
      id uuid primary key,
      conversation_id text not null,
      agent_id text not null,
      outcome text not null,
      violations jsonb not null,
      checked_at timestamptz not null
    )`);
    this.addSql('create index reply_checks_by_agent on reply_checks (agent_id, checked_at desc)');
  }

  override down(): void {
    this.addSql('drop table reply_checks');
    this.addSql('drop table conversation_suggestions');
  }
}
