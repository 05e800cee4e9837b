import { Migration } from '@mikro-orm/migrations';

/** An agent's day is counted from the replies they wrote, not from who holds the conversation now. */
export class AgentDayFigures extends Migration {
  override up(): void {
    this.addSql(
      "create index messages_agent_replies on messages ((author->>'agentId'), sent_at) where kind = 'MESSAGE_KIND_AGENT_REPLY'",
    );
    this.addSql(
      'create index conversations_closed on conversations (assignee_id, closed_at) where closed_at is not null',
    );
  }

  override down(): void {
    this.addSql('drop index conversations_closed');
    this.addSql('drop index messages_agent_replies');
  }
}
