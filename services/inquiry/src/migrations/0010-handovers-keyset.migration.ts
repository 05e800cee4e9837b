import { Migration } from '@mikro-orm/migrations';

/** Handovers page by keyset on (created_at desc, id desc) per receiving agent: the index in that order. */
export class HandoversKeyset extends Migration {
  override up(): void {
    this.addSql('create index handovers_to_agent_newest on handovers (to_agent_id, created_at desc, id desc)');
    this.addSql('drop index handovers_to_agent');
  }
}
