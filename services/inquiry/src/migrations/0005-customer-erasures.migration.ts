import { Migration } from '@mikro-orm/migrations';

/**
 * PIPL erasures carried out, by care's erasure id: a re-published request changes nothing more.
 * Customers' conversations are found by their id for the erasure (and for joining a conversation).
 */
export class CustomerErasures extends Migration {
  override up(): void {
    this.addSql(`create table customer_erasures (
      erasure_id text primary key,
      customer_id text not null,
      requested_at timestamptz,
      erased_at timestamptz not null default now()
    )`);
    this.addSql("create index conversations_of_customer on conversations ((customer->>'customerId'))");
    this.addSql("create index follow_up_tasks_of_customer on follow_up_tasks ((customer->>'customerId'))");
  }

  override down(): void {
    this.addSql('drop index follow_up_tasks_of_customer');
    this.addSql('drop index conversations_of_customer');
    this.addSql('drop table customer_erasures');
  }
}
