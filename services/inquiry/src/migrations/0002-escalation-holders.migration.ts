import { Migration } from '@mikro-orm/migrations';

/**
 * Escalated conversations wait for a supervisor or the manager, not their team: the flag keeps them
 * out of the team queue. Handovers record what went back to the queues for lack of capacity.
 */
export class EscalationHolders extends Migration {
  override up(): void {
    this.addSql('alter table conversations add column awaiting_escalation_holder boolean not null default false');
    this.addSql(
      "create index conversations_escalation_queue on conversations (escalation_level, queued_at, id) where status = 'CONVERSATION_STATUS_QUEUED' and awaiting_escalation_holder",
    );
    this.addSql("alter table handovers add column rerouted_conversation_ids jsonb not null default '[]'::jsonb");
    this.addSql('create index handovers_to_agent on handovers (to_agent_id, created_at desc, id)');
  }

  override down(): void {
    this.addSql('drop index handovers_to_agent');
    this.addSql('alter table handovers drop column rerouted_conversation_ids');
    this.addSql('drop index conversations_escalation_queue');
    this.addSql('alter table conversations drop column awaiting_escalation_holder');
  }
}
