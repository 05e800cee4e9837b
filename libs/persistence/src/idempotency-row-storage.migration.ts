import { Migration } from '@mikro-orm/migrations';

/**
 * A stored outcome is 2.5–4 KB of jsonb, most of it sealed (ciphertext in base64), which does not
 * compress. Past 2 KB PostgreSQL tries to compress a row, fails, and moves the value to the table's
 * TOAST relation: a second heap insert and an index insert in every command's transaction, for a
 * row that is written once and read only on a retry. Kept in the row up to 8 KB, inserting such
 * outcomes ran 15–27 % faster (pgbench, c = 8, three alternating rounds).
 */
export const IDEMPOTENCY_ROW_STORAGE = 'toast_tuple_target = 8160';

/** For the tables created before the setting; new ones are created with it (idempotencyKeysTableSql). */
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
