import { Migration } from '@mikro-orm/migrations';

/**
 * Outbox leases, so any number of relay replicas keep each aggregate's events in order without
 * holding a transaction open while they publish (see OutboxRelay):
 * - cs_outbox_lease: which relay publishes an aggregate until when. A crashed relay's lease simply
 *   expires. After a failed publish the aggregate keeps a lease held by nobody as its backoff,
 *   honoured by every replica. A small table of its own: claiming writes no outbox row.
 * - cs_outbox_claim(): one serialized claim (a transaction advisory lock taken before the claim's
 *   snapshot, so each claim sees every earlier one committed) of the oldest pending rows of
 *   aggregates nobody holds a live lease on, leasing those aggregates.
 * - a BRIN index for the inbox's retention (cheap on an append-only table).
 */
export class AddOutboxLeases extends Migration {
  override up(): void {
    this.addSql(`create table cs_outbox_lease (
      aggregate_id text primary key,
      relay text,
      until timestamptz not null
    )`);
    this.addSql(`create function cs_outbox_claim(p_relay text, p_limit int, p_lease_ms int)
      returns setof cs_outbox language plpgsql volatile as $$
      begin
        -- Held until the caller's transaction ends; the statement below takes its snapshot after it.
        perform pg_advisory_xact_lock(hashtextextended('cs_outbox_claim', 0));
        return query
          with picked as (
            -- now() (when the claim began, before any wait for the lock) errs towards "still leased".
            select o.* from cs_outbox o
             where o.published_at is null
               and not exists (select 1 from cs_outbox_lease l where l.aggregate_id = o.aggregate_id and l.until > now())
             order by o.created_at
             limit p_limit
          ), leased as (
            insert into cs_outbox_lease (aggregate_id, relay, until)
            select a.aggregate_id, p_relay, clock_timestamp() + p_lease_ms * interval '1 millisecond'
              from (select distinct aggregate_id from picked) a
            on conflict (aggregate_id) do update set relay = excluded.relay, until = excluded.until
          )
          select * from picked;
      end $$`);
    this.addSql('create index cs_inbox_received on cs_inbox using brin (received_at)');
  }

  override down(): void {
    this.addSql('drop index cs_inbox_received');
    this.addSql('drop function cs_outbox_claim');
    this.addSql('drop table cs_outbox_lease');
  }
}
