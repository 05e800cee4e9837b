import { Migration } from '@mikro-orm/migrations';

/**
 * Room on each page for an order's next version. Every change adds a remark, so an order's row
 * grows; on a full page the new version cannot stay beside the old one, and the update is not HOT:
 * each of the order's indexes takes a new entry and the whole row goes to the WAL. Pages filled to
 * 80 % keep most changes on their page (half of them left it at 100 %). Only pages written from now
 * on leave the room; existing ones gain it as their orders move.
 *
 * orders_by_customer goes: orders_of_customer (0002) begins with the same expression, so every
 * look-up by customer can use it, and each order written kept one index entry more than it needed.
 */
export class OrderRowRoom extends Migration {
  override up(): void {
    this.addSql('alter table orders set (fillfactor = 80)');
    this.addSql('drop index if exists orders_by_customer');
  }

  override down(): void {
    this.addSql("create index if not exists orders_by_customer on orders ((customer->>'customerId'))");
    this.addSql('alter table orders reset (fillfactor)');
  }
}
