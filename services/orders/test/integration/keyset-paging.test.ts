import { randomUUID } from 'node:crypto';
import { Desk, FulfilmentStage, RemarkFlag, RemarkKind } from '@cs/contracts/cs/orders/v1/order';
import { richErrorDetails } from '@cs/grpc';
import { cloneRow, expectStableAcrossInsert } from '@cs/testing';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, confirmation, newAddress, type OrdersHarness, startOrders, warehouseHand } from './orders-fixture.js';

// Every paged list pages by keyset: a row that sorts ahead of the cursor, inserted between page 1 and
// page 2, neither repeats nor hides a row.
let h: OrdersHarness;
beforeAll(async () => {
  h = await startOrders();
});
afterAll(() => h?.close());

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);
const sql = (query: string, params: unknown[]) => h.sut.service.orm.em.fork().execute(query, params);

describe('keyset paging of the order desk lists', () => {
  it('ListCustomerOrders (newest first): an order placed between two pages', async () => {
    const customerId = `buyer-${randomUUID().slice(0, 6)}`;
    for (const minutes of [30, 20, 10])
      await h.orderAt(FulfilmentStage.FULFILMENT_STAGE_PLACED, { customerId, placedAt: minutesAgo(minutes) });
    await expectStableAcrossInsert(
      async (pageToken) => {
        const r = await h.grpc.listCustomerOrders({ customerId, page: { pageSize: 2, pageToken } });
        return { ids: r.orders.map((o) => o.orderId), next: r.page!.nextPageToken };
      },
      () => h.orderAt(FulfilmentStage.FULFILMENT_STAGE_PLACED, { customerId }),
    );
  });

  it('ListUnmatchedBankTransfers (oldest first): a transfer registered late with an earlier time', async () => {
    const insert = (minutes: number) =>
      sql(
        `insert into bank_transfers (id, payer_name, amount, transferred_at, reference, registered_by, registered_at)
         values (?, '李四', '{"amountMinor":1999,"currency":"CNY"}', ?, ?, '{"agentId":"c-3","name":"赵六"}', ?)`,
        [randomUUID(), minutesAgo(minutes), `REF-${randomUUID()}`, minutesAgo(minutes)],
      );
    for (const minutes of [30, 20, 10]) await insert(minutes);
    await expectStableAcrossInsert(
      async (pageToken) => {
        const r = await h.transfers.listUnmatchedBankTransfers({ page: { pageSize: 2, pageToken } });
        return { ids: r.transfers.map((t) => t.transferId), next: r.page!.nextPageToken };
      },
      () => insert(60),
    );
  });

  it('ListOpenTasks (oldest first): a task older than page 1 appearing between two pages', async () => {
    const orderId = await h.orderAt(FulfilmentStage.FULFILMENT_STAGE_PACKED);
    const change = await h.grpc.changeAddress({
      orderId,
      newAddress,
      confirmation: confirmation(),
      idempotencyKey: randomUUID(),
    });
    const retrieve = change.tasks.find((t) => t.desk === Desk.DESK_WAREHOUSE)!;
    const copy = (minutes: number) =>
      cloneRow(
        sql,
        'desk_tasks',
        { id: retrieve.taskId },
        { id: randomUUID(), created_at: minutesAgo(minutes).toISOString() },
      );
    for (const minutes of [30, 20]) await copy(minutes);
    const caller = await as(warehouseHand);
    await expectStableAcrossInsert(
      async (pageToken) => {
        const r = await h.tasks.listOpenTasks({ desk: Desk.DESK_WAREHOUSE, page: { pageSize: 2, pageToken } }, caller);
        return { ids: r.tasks.map((t) => t.taskId), next: r.page!.nextPageToken };
      },
      () => copy(60),
    );
  });

  it('GetOrderHistory (oldest first): an entry dated before page 1 ends, recorded between two pages', async () => {
    const orderId = await h.orderAt(FulfilmentStage.FULFILMENT_STAGE_PLACED, { placedAt: minutesAgo(60) });
    const remark = (minutes: number) =>
      sql('update orders set remarks = remarks || ?::jsonb where id = ?', [
        JSON.stringify([
          {
            text: `备注 ${minutes}`,
            flag: RemarkFlag.REMARK_FLAG_RED,
            kind: RemarkKind.REMARK_KIND_SPECIAL_REQUEST,
            author: { agentId: 'c-3', name: '赵六' },
            createdAt: minutesAgo(minutes).toISOString(),
            before: '',
            after: '',
          },
        ]),
        orderId,
      ]);
    for (const minutes of [40, 20]) await remark(minutes);
    await expectStableAcrossInsert(
      async (pageToken) => {
        const r = await h.grpc.getOrderHistory({ orderId, page: { pageSize: 2, pageToken } });
        const ids = r.entries.map((e) => e.remark?.text ?? e.fact?.stage ?? '?');
        return { ids, next: r.page!.nextPageToken };
      },
      () => remark(50),
    );
  });

  it('an old offset token is INVALID_ARGUMENT naming page.page_token', async () => {
    const pageToken = Buffer.from('o:2').toString('base64url');
    const page = { pageSize: 2, pageToken };
    const caller = await as(warehouseHand);
    for (const call of [
      () => h.grpc.listCustomerOrders({ customerId: 'buyer-1', page }),
      () => h.transfers.listUnmatchedBankTransfers({ page }),
      () => h.tasks.listOpenTasks({ desk: Desk.DESK_WAREHOUSE, page }, caller),
      () => h.grpc.getOrderHistory({ orderId: 'TB-any', page }),
    ]) {
      const error = await call().catch((e) => e);
      expect(error.code).toBe(status.INVALID_ARGUMENT);
      expect(richErrorDetails(error.metadata).fieldViolations.map((v) => v.field)).toEqual(['page.page_token']);
    }
  });
});
