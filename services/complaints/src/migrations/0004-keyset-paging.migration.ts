import { Migration } from '@mikro-orm/migrations';

/** Lists page by keyset on (opened_at desc, id desc): indexes in exactly that order. */
export class KeysetPagingIndexes extends Migration {
  override up(): void {
    this.addSql('create index complaint_newest on complaint (opened_at desc, complaint_id desc)');
    this.addSql('create index incident_newest on incident (opened_at desc, incident_id desc)');
    this.addSql('drop index incident_opened_at');
  }
}
