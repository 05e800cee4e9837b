import { idempotencyKeysTableSql } from '@cs/persistence';
import { Migration } from '@mikro-orm/migrations';

/** The register of erasure requests (PIPL): evidence of who ordered a customer forgotten, and why. */
export class ErasureRequests extends Migration {
  override up(): void {
    this.addSql(`create table erasure_requests (
      erasure_id uuid primary key,
      customer_id text not null,
      reason text not null,
      requested_by text not null,
      requested_at timestamptz not null
    )`);
    this.addSql('create index erasure_requests_of_customer on erasure_requests (customer_id)');
    this.addSql(idempotencyKeysTableSql);
  }
}
