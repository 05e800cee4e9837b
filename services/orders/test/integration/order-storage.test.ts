import { randomUUID } from 'node:crypto';
import { FulfilmentStage } from '@cs/contracts/cs/orders/v1/order';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmation, newAddress, type OrdersHarness, startOrders } from './orders-fixture.js';

let h: OrdersHarness;
let db: pg.Client;
beforeAll(async () => {
  h = await startOrders();
  db = new pg.Client({ connectionString: h.sut.database.url });
  await db.connect();
});
afterAll(async () => {
  await db?.end();
  await h?.close();
});

/** The heap page an order's current version is on. */
async function pageOf(orderId: string): Promise<number> {
  const { rows } = await db.query('select (ctid::text::point)[0]::int as page from orders where id = $1', [orderId]);
  return rows[0].page;
}

describe('orders storage', () => {
  it('keeps an order on its page through its address changes, beside the orders placed with it', async () => {
    const placed: string[] = [];
    for (let n = 0; n < 16; n++) placed.push(await h.orderAt(FulfilmentStage.FULFILMENT_STAGE_PAID));
    // The page most of them are on: written full by their inserts and paid updates.
    const pages = await Promise.all(placed.map(pageOf));
    const count = (page: number) => pages.filter((p) => p === page).length;
    const crowded = pages.reduce((best, page) => (count(page) > count(best) ? page : best));
    expect(count(crowded)).toBeGreaterThan(2);
    const orderId = placed[pages.indexOf(crowded)] as string;

    for (let change = 1; change <= 3; change++) {
      await h.grpc.changeAddress({ orderId, newAddress, confirmation: confirmation(), idempotencyKey: randomUUID() });
      expect({ change, page: await pageOf(orderId) }).toEqual({ change, page: crowded });
    }
  });

  it('looks orders up by customer through one index, orders_of_customer', async () => {
    const { rows } = await db.query(
      `select indexname from pg_indexes where tablename = 'orders' and indexdef like '%customerId%' order by indexname`,
    );
    expect(rows.map((row) => row.indexname)).toEqual(['orders_of_customer']);
  });
});
