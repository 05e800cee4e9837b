import type { EntityManager } from '@mikro-orm/postgresql';

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
}
