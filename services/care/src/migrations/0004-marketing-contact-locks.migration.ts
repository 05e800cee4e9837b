import { Migration } from '@mikro-orm/migrations';

/**
 * One row per customer ever sent marketing, locked (never rewritten) by the transaction that
 * decides that customer's next marketing message: it serialises the frequency-cap check per
 * customer across campaigns and replicas (see OutboundMessageStore.lockedMarketingCounts).
 */
export class MarketingContactLocks extends Migration {
  override up(): void {
    this.addSql('create table marketing_contact_locks (customer_id text primary key)');
  }
}
