import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { OrderFact } from '../domain/purchases.rule.js';

export interface PlacedOrder {
  orderId: string;
  customerId: string;
  placedAt: Date;
  paidAt: Date | null;
  cancelledAt: Date | null;
  stage: string;
  totalFen: number;
  currency: string;
  version: number;
  items: { sku: string; title: string; quantity: number }[];
}

/**
 * What care knows of each order, whatever order the events came in: every column only ever moves
 * forward (first paid time, first cancellation, highest version's stage), so any arrival order ends
 * in the same row.
 */
@Injectable()
export class OrderFactsStore {
  async placed(em: EntityManager, order: PlacedOrder): Promise<void> {
    await em.execute(
      `insert into customer_orders (order_id, customer_id, placed_at, paid_at, cancelled_at, stage, total_fen, currency, order_version)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?)
       on conflict (order_id) do update set
         customer_id = excluded.customer_id,
         placed_at = excluded.placed_at,
         total_fen = excluded.total_fen,
         currency = excluded.currency,
         paid_at = least(customer_orders.paid_at, excluded.paid_at),
         cancelled_at = least(customer_orders.cancelled_at, excluded.cancelled_at),
         stage = case when excluded.order_version > customer_orders.order_version then excluded.stage else customer_orders.stage end,
         order_version = greatest(customer_orders.order_version, excluded.order_version)`,
      [
        order.orderId,
        order.customerId,
        order.placedAt,
        order.paidAt,
        order.cancelledAt,
        order.stage,
        order.totalFen,
        order.currency,
        order.version,
      ],
    );
    for (const item of order.items) {
      if (!item.sku) continue;
      await em.execute(
        `insert into customer_order_items (order_id, customer_id, sku, title, quantity) values (?, ?, ?, ?, ?)
         on conflict (order_id, sku) do update set quantity = excluded.quantity, title = excluded.title`,
        [order.orderId, order.customerId, item.sku, item.title, item.quantity],
      );
    }
  }

  /** A stage reached; a paid (or later) stage records when the order was paid. */
  async stageReached(
    em: EntityManager,
    orderId: string,
    stage: string,
    paid: boolean,
    at: Date,
    version: number,
  ): Promise<string | null> {
    const rows = await em.execute<{ customer_id: string | null }[]>(
      `insert into customer_orders (order_id, paid_at, stage, order_version) values (?, ?, ?, ?)
       on conflict (order_id) do update set
         paid_at = least(customer_orders.paid_at, excluded.paid_at),
         stage = case when excluded.order_version > customer_orders.order_version then excluded.stage else customer_orders.stage end,
         order_version = greatest(customer_orders.order_version, excluded.order_version)
       returning customer_id`,
      [orderId, paid ? at : null, stage, version],
    );
    return rows[0]?.customer_id ?? null;
  }

  async cancelled(em: EntityManager, orderId: string, at: Date, version: number): Promise<string | null> {
    const rows = await em.execute<{ customer_id: string | null }[]>(
      `insert into customer_orders (order_id, cancelled_at, order_version) values (?, ?, ?)
       on conflict (order_id) do update set
         cancelled_at = least(customer_orders.cancelled_at, excluded.cancelled_at),
         order_version = greatest(customer_orders.order_version, excluded.order_version)
       returning customer_id`,
      [orderId, at, version],
    );
    return rows[0]?.customer_id ?? null;
  }

  async refunded(em: EntityManager, orderId: string, at: Date): Promise<string | null> {
    const rows = await em.execute<{ customer_id: string | null }[]>(
      `insert into customer_orders (order_id, refunded_at) values (?, ?)
       on conflict (order_id) do update set refunded_at = least(customer_orders.refunded_at, excluded.refunded_at)
       returning customer_id`,
      [orderId, at],
    );
    return rows[0]?.customer_id ?? null;
  }

  async ofCustomer(em: EntityManager, customerId: string): Promise<OrderFact[]> {
    const rows = await em.execute<
      {
        order_id: string;
        paid_at: Date | null;
        cancelled_at: Date | null;
        refunded_at: Date | null;
        total_fen: string;
      }[]
    >(
      `select order_id, paid_at, cancelled_at, refunded_at, total_fen from customer_orders
       where customer_id = ? order by order_id`,
      [customerId],
    );
    return rows.map((r) => ({
      orderId: r.order_id,
      paidAt: r.paid_at ? new Date(r.paid_at) : null,
      cancelledAt: r.cancelled_at ? new Date(r.cancelled_at) : null,
      refundedAt: r.refunded_at ? new Date(r.refunded_at) : null,
      totalFen: Number(r.total_fen),
    }));
  }
}
