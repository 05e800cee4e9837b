import { Migration } from '@mikro-orm/migrations';

export class CreateDetailsChases extends Migration {
  override up(): void {
    this.addSql(`create table details_chases (
      id uuid primary key,
      conversation_id text not null,
      customer jsonb not null,
      order_id text not null,
      description text not null,
      missing jsonb not null,
      status text not null,
      opened_at timestamptz not null,
      resolved_at timestamptz,
      case_id uuid,
      version integer not null default 1
    )`);
    // One chase per conversation, whatever the bus delivers or the replicas do.
    this.addSql('create unique index details_chases_one_per_conversation on details_chases (conversation_id)');
    this.addSql(
      "create index details_chases_open on details_chases (opened_at, id) where status = 'DETAILS_CHASE_STATUS_OPEN'",
    );
    // Erasure finds a customer's chases.
    this.addSql("create index details_chases_customer on details_chases ((customer->>'customerId'))");
  }

  override down(): void {
    this.addSql('drop table details_chases');
  }
}
