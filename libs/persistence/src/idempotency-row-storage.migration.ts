import { Migration } from '@mikro-orm/migrations';
import { IDEMPOTENCY_ROW_STORAGE } from './idempotency.js';

/** IDEMPOTENCY_ROW_STORAGE for the tables created before it; new ones are created with it (idempotencyKeysTableSql). */
export class KeepIdempotencyRowsWhole extends Migration {
  override up(): void {
    // Shared migrations run before a service's own: on a new database the table does not exist yet.
    this.addSql(`do $$ begin
      if to_regclass('idempotency_keys') is not null then
        alter table idempotency_keys set (${IDEMPOTENCY_ROW_STORAGE});
      end if;
    end $$`);
  }

  override down(): void {
    this.addSql('alter table if exists idempotency_keys reset (toast_tuple_target)');
  }
}
