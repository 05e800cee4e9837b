import { Migration } from '@mikro-orm/migrations';

/** Lists page by keyset on (time, id): indexes in exactly that order, so a page reads only its rows. */
export class KeysetPagingIndexes extends Migration {
  override up(): void {
    this.addSql('create index aftersales_cases_newest on aftersales_cases (opened_at desc, id desc)');
    this.addSql(
      "create index aftersales_cases_by_customer_keyset on aftersales_cases ((customer->>'customerId'), opened_at desc, id desc)",
    );
    this.addSql('drop index aftersales_cases_by_customer');
    this.addSql('create index reviews_newest on reviews (reviewed_at desc, id desc)');
  }
}
