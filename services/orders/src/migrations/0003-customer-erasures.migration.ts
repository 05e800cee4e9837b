import { Migration } from '@mikro-orm/migrations';

/** Erasure requests carried out (PIPL): the proof that a customer's data was erased, and when. */
export class CustomerErasures extends Migration {
  override up(): void {
    this.addSql(`create table customer_erasures (
      erasure_id text primary key,
      customer_id text not null,
      requested_at timestamptz not null,
      requested_by text not null,
      erased_at timestamptz not null,
      orders_erased integer not null
    )`);
    this.addSql('create index customer_erasures_of_customer on customer_erasures (customer_id)');
  }

  override down(): void {
    this.addSql('drop table customer_erasures');
  }
}
