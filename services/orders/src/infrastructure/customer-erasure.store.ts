import type { EntityManager } from '@mikro-orm/postgresql';
export const CUSTOMER_ERASED_RULE = 'orders.customer-erased';

export interface ErasureRecord {
  erasureId: string;
  customerId: string;
  requestedAt: Date;
  requestedBy: string;
  ordersErased: number;
}

/**
 * The erasure's bookkeeping and the copies of customer data outside the order desk's own entities:
 * stored command outcomes (idempotency keys) and events already published from the outbox.
 */
export class CustomerErasureStore {
  static async isRecorded(em: EntityManager, erasureId: string): Promise<boolean> {
    const rows = await em.execute('select 1 from customer_erasures where erasure_id = ?', [erasureId]);
    return rows.length > 0;
  }

  static async record(em: EntityManager, erasure: ErasureRecord): Promise<void> {
    await em.execute(
      `insert into customer_erasures (erasure_id, customer_id, requested_at, requested_by, erased_at, orders_erased)
       values (?, ?, ?, ?, now(), ?) on conflict (erasure_id) do nothing`,
      [erasure.erasureId, erasure.customerId, erasure.requestedAt, erasure.requestedBy, erasure.ordersErased],
    );
  }

  /**
   * A retried change of these orders must not replay a response holding the customer's address, nor
   * run again and write it back: its stored outcome becomes a refusal. A plain outcome is found by
   * its order id; a sealed one (libs/persistence sealed-outcome.ts) by the order id of its masked copy.
   * The retry is then refused: with this rule for a plain row; for a sealed row the library no longer
   * recognises the request and refuses the key (INVALID_ARGUMENT), which is as safe.
   */
  static async refuseStoredOutcomes(em: EntityManager, orderIds: string[]): Promise<void> {
    if (!orderIds.length) return;
    const message = "the customer's personal data on this order was erased: the request cannot be replayed";
    const refusal = { error: { rule: CUSTOMER_ERASED_RULE, message } };
    await em.execute(
      `update idempotency_keys set outcome = ?::jsonb where coalesce(outcome->'masked', outcome)->'response'->'order'->>'orderId' in (?)`,
      [JSON.stringify(refusal), orderIds],
    );
  }

  /**
   * Published events are delivered: their outbox rows are only a copy, and they quote the customer.
   * Rows not yet published stay for the relay (it holds them locked while publishing).
   */
  static async dropPublishedEvents(em: EntityManager, aggregateIds: string[]): Promise<void> {
    if (!aggregateIds.length) return;
    await em.execute('delete from cs_outbox where published_at is not null and aggregate_id in (?)', [aggregateIds]);
  }
}
