import { Migration } from '@mikro-orm/migrations';

/**
 * Outcomes stored before the outline (sealed-outcome.ts, outlineOf) kept beside the sealed outcome a
 * masked copy of all of it, whose remark texts held addresses in clear. Each such copy is replaced
 * by the customers it names, which is what erasure looks for; the sealed outcome is left as it is,
 * so retries replay as before. Shared migrations run before a service's own, so on a new database
 * idempotency_keys does not exist yet and there is nothing to do.
 */
export const OUTLINE_STORED_OUTCOMES_SQL = `do $$ begin
  if to_regclass('idempotency_keys') is not null then
    update idempotency_keys set outcome = jsonb_set(outcome, '{masked}', jsonb_build_object('customers', coalesce(
      (select jsonb_agg(distinct jsonb_build_object('customerId', named.id))
         from jsonb_path_query(outcome -> 'masked', '$.**.customerId') as named(id)
        where jsonb_typeof(named.id) = 'string'),
      '[]'::jsonb)))
    where outcome ? 'sealed' and outcome ? 'masked' and not (outcome -> 'masked') ? 'customers';
  end if;
end $$`;

export class OutlineStoredOutcomes extends Migration {
  override up(): void {
    this.addSql(OUTLINE_STORED_OUTCOMES_SQL);
  }

  // The copies are gone, and the outline is what the code before this one could read too.
  override down(): void {}
}
