import { randomUUID } from 'node:crypto';
import { ConfirmationChannel, Desk, DeskTaskStep, FulfilmentStage } from '@cs/contracts/cs/orders/v1/order';
import { richErrorDetails } from '@cs/grpc';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmation, newAddress, type OrdersHarness, startOrders } from './orders-fixture.js';

let h: OrdersHarness;
let orderId: string;
let taskId: string;
beforeAll(async () => {
  h = await startOrders();
  orderId = await h.orderAt(FulfilmentStage.FULFILMENT_STAGE_PAID);
  const printed = await h.orderAt(FulfilmentStage.FULFILMENT_STAGE_PRINTED);
  const change = await h.grpc.changeAddress({
    orderId: printed,
    newAddress,
    confirmation: confirmation(),
    idempotencyKey: randomUUID(),
  });
  taskId = change.tasks[0]!.taskId;
});
afterAll(() => h?.close());

async function rejectedFields(call: Promise<unknown>): Promise<string[]> {
  const error = await call.then(
    () => {
      throw new Error('expected INVALID_ARGUMENT, the call succeeded');
    },
    (e) => e,
  );
  expect(error.code).toBe(status.INVALID_ARGUMENT);
  return richErrorDetails(error.metadata).fieldViolations.map((v) => v.field);
}

/** The paid order of this file stays exactly as placed: no remark, no change, no version bump. */
async function nothingWritten(): Promise<void> {
  const { order } = await h.grpc.getOrder({ orderId });
  expect(order?.version).toBe(2);
  expect(order?.remarks).toEqual([]);
  expect(order?.cancelledAt).toBeUndefined();
  const history = await h.grpc.getOrderHistory({ orderId, page: undefined });
  expect(history.entries.every((e) => e.fact)).toBe(true);
}

describe('change requests reject malformed input naming the field, with nothing written', () => {
  it('CancelOrder without confirmation or key, and with a confirmation from the future', async () => {
    expect(await rejectedFields(h.grpc.cancelOrder({ orderId, confirmation: undefined, idempotencyKey: '' }))).toEqual([
      'idempotency_key',
      'confirmation',
    ]);
    const future = { seconds: Math.floor(Date.now() / 1000) + 86_400, nanos: 0 };
    expect(
      await rejectedFields(
        h.grpc.cancelOrder({
          orderId,
          confirmation: { confirmedAt: future, channel: ConfirmationChannel.CONFIRMATION_CHANNEL_UNSPECIFIED },
          idempotencyKey: randomUUID(),
        }),
      ),
    ).toEqual(['confirmation.confirmed_at', 'confirmation.channel']);
    await nothingWritten();
  });

  it('ChangeAttributes without SKUs and with the same SKU', async () => {
    const base = { orderId, confirmation: confirmation(), idempotencyKey: randomUUID(), newAttributes: {} };
    expect(await rejectedFields(h.grpc.changeAttributes({ ...base, sku: '', newSku: '', newTitle: '' }))).toEqual([
      'sku',
      'new_sku',
      'new_title',
    ]);
    expect(
      await rejectedFields(h.grpc.changeAttributes({ ...base, sku: 'MUG-RED', newSku: 'MUG-RED', newTitle: 'x' })),
    ).toEqual(['new_sku']);
    await nothingWritten();
  });

  it('RecordSpecialRequest without a kind or detail', async () => {
    expect(
      await rejectedFields(
        h.grpc.recordSpecialRequest({
          orderId,
          request: { kind: 'SPECIAL_REQUEST_KIND_UNSPECIFIED' as never, detail: ' ' },
          confirmation: confirmation(),
          idempotencyKey: randomUUID(),
        }),
      ),
    ).toEqual(['request.kind', 'request.detail']);
    await nothingWritten();
  });

  it('AttributeSale without the sales agent', async () => {
    expect(await rejectedFields(h.grpc.attributeSale({ orderId, salesAgent: undefined, idempotencyKey: 'k' }))).toEqual(
      ['sales_agent.agent_id', 'sales_agent.name'],
    );
    await nothingWritten();
  });

  it('over HTTP: CancelOrder with only an order id lists the missing fields with their proto names', async () => {
    const reply = await h.http('/cs.orders.v1.OrdersService/CancelOrder', { order_id: orderId });
    expect(reply.status).toBe(400);
    expect(reply.body.fieldViolations.map((v: { field: string }) => v.field)).toEqual([
      'idempotency_key',
      'confirmation',
    ]);
    await nothingWritten();
  });
});

describe('queries reject malformed input naming the field', () => {
  it('GetOrderHistory with an oversized page and a forged token', async () => {
    expect(
      await rejectedFields(h.grpc.getOrderHistory({ orderId, page: { pageSize: 1000, pageToken: 'forged' } })),
    ).toEqual(['page.page_size', 'page.page_token']);
  });

  it('ListCustomerOrders without a customer', async () => {
    expect(await rejectedFields(h.grpc.listCustomerOrders({ customerId: '', page: undefined }))).toEqual([
      'customer_id',
    ]);
  });

  it('ListOpenTasks without a desk', async () => {
    expect(await rejectedFields(h.tasks.listOpenTasks({ desk: Desk.DESK_UNSPECIFIED, page: undefined }))).toEqual([
      'desk',
    ]);
  });
});

describe('desk tasks reject malformed input, and the task stays open', () => {
  it('AcknowledgeTask and CompleteTask without a task or step', async () => {
    expect(await rejectedFields(h.tasks.acknowledgeTask({ taskId: '' }))).toEqual(['task_id']);
    expect(
      await rejectedFields(h.tasks.completeTask({ taskId, step: DeskTaskStep.DESK_TASK_STEP_UNSPECIFIED })),
    ).toEqual(['step']);
    const open = await h.tasks.listOpenTasks({ desk: Desk.DESK_WAREHOUSE, page: undefined });
    expect(open.tasks.find((t) => t.taskId === taskId)?.status).toBe('DESK_TASK_STATUS_OPEN');
  });
});

describe('stock and bank transfers reject malformed input, with nothing written', () => {
  it('RecordStockLevel with negative units and no time', async () => {
    expect(await rejectedFields(h.stock.recordStockLevel({ sku: '', units: -1, reportedAt: undefined }))).toEqual([
      'sku',
      'units',
      'reported_at',
    ]);
    const rows = await h.sut.service.orm.em.fork().execute('select count(*)::int as n from stock_levels');
    expect(rows).toEqual([{ n: 0 }]);
  });

  it('PromiseShipDate with both an order and a SKU, or neither', async () => {
    expect(
      await rejectedFields(h.stock.promiseShipDate({ orderId, sku: 'X', paidAt: undefined, urgent: false })),
    ).toEqual(['sku', 'paid_at']);
    expect(
      await rejectedFields(h.stock.promiseShipDate({ orderId: '', sku: '', paidAt: undefined, urgent: false })),
    ).toEqual(['order_id']);
  });

  it('RegisterBankTransfer without payer, reference or time, with a negative amount', async () => {
    expect(
      await rejectedFields(
        h.transfers.registerBankTransfer({
          payerName: '',
          amount: { amountMinor: -5, currency: 'rmb' },
          transferredAt: undefined,
          reference: '',
          orderId: '',
        }),
      ),
    ).toEqual(['payer_name', 'reference', 'amount.amount_minor', 'amount.currency', 'transferred_at']);
    const rows = await h.sut.service.orm.em.fork().execute('select count(*)::int as n from bank_transfers');
    expect(rows).toEqual([{ n: 0 }]);
  });

  it('MatchBankTransfer with a malformed transfer id and no order', async () => {
    expect(await rejectedFields(h.transfers.matchBankTransfer({ transferId: 'nope', orderId: '' }))).toEqual([
      'order_id',
      'transfer_id',
    ]);
    await nothingWritten();
  });

  it('ListUnmatchedBankTransfers with a negative page size', async () => {
    expect(
      await rejectedFields(h.transfers.listUnmatchedBankTransfers({ page: { pageSize: -1, pageToken: '' } })),
    ).toEqual(['page.page_size']);
  });
});
