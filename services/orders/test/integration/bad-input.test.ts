import { randomUUID } from 'node:crypto';
import { FulfilmentStage } from '@cs/contracts/cs/orders/v1/order';
import { richErrorDetails } from '@cs/grpc';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { address, confirmation, newAddress, type OrdersHarness, startOrders } from './orders-fixture.js';

let h: OrdersHarness;
let orderId: string;
beforeAll(async () => {
  h = await startOrders();
  orderId = await h.orderAt(FulfilmentStage.FULFILMENT_STAGE_PAID);
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

async function nothingWritten(): Promise<void> {
  const { order } = await h.grpc.getOrder({ orderId });
  expect(order?.version).toBe(2);
  expect(order?.remarks).toEqual([]);
  expect(order?.address).toEqual(address);
}

describe('malformed requests are rejected naming the field, with nothing written', () => {
  const valid = () => ({ orderId, newAddress, confirmation: confirmation(), idempotencyKey: randomUUID() });

  it('ChangeAddress without an order id, idempotency key or confirmation (who asks is the token)', async () => {
    const fields = await rejectedFields(
      h.grpc.changeAddress({ ...valid(), orderId: '', idempotencyKey: '', confirmation: undefined }),
    );
    expect(fields).toEqual(['order_id', 'idempotency_key', 'confirmation']);
    await nothingWritten();
  });

  it('ChangeAddress with an address the courier cannot use', async () => {
    const fields = await rejectedFields(
      h.grpc.changeAddress({ ...valid(), newAddress: { ...newAddress, phone: '12', city: '', postalCode: 'abc' } }),
    );
    expect(fields).toEqual(['new_address.city', 'new_address.phone', 'new_address.postal_code']);
    await nothingWritten();
  });

  it('ChangeAddress with a nonsensical expected_version', async () => {
    expect(await rejectedFields(h.grpc.changeAddress({ ...valid(), expectedVersion: -3 }))).toEqual([
      'expected_version',
    ]);
    await nothingWritten();
  });

  it('ChangeAddress of an unknown order is NOT_FOUND', async () => {
    const error = await h.grpc.changeAddress({ ...valid(), orderId: 'no-such-order' }).catch((e) => e);
    expect(error.code).toBe(status.NOT_FOUND);
    expect(error.details).toContain('no-such-order');
  });

  it('RecordOrderPlaced without items, with a bad currency and no address', async () => {
    const fields = await rejectedFields(
      h.grpc.recordOrderPlaced({
        orderId: 'TB-bad',
        customer: { customerId: '', displayName: '' },
        items: [],
        address: undefined,
        total: { amountMinor: 100, currency: 'yuan' },
        placedAt: undefined,
      }),
    );
    expect(fields).toEqual(['customer.customer_id', 'items', 'total.currency', 'placed_at', 'address']);
    const error = await h.grpc.getOrder({ orderId: 'TB-bad' }).catch((e) => e);
    expect(error.code).toBe(status.NOT_FOUND);
  });

  it('RecordOrderPlaced with a zero quantity names the item', async () => {
    const fields = await rejectedFields(
      h.grpc.recordOrderPlaced({
        orderId: 'TB-bad-2',
        customer: { customerId: 'b', displayName: '' },
        items: [{ sku: 'X', title: '', quantity: 0, unitPrice: { amountMinor: 1, currency: 'CNY' }, attributes: {} }],
        address,
        total: { amountMinor: 1, currency: 'CNY' },
        placedAt: { seconds: 1, nanos: 0 },
      }),
    );
    expect(fields).toEqual(['items[0].quantity']);
  });

  it('RecordFulfilmentFact with an unknown stage', async () => {
    const fields = await rejectedFields(
      h.grpc.recordFulfilmentFact({
        orderId,
        stage: FulfilmentStage.FULFILMENT_STAGE_UNSPECIFIED,
        occurredAt: undefined,
      }),
    );
    expect(fields).toEqual(['stage', 'occurred_at']);
    await nothingWritten();
  });

  it('GetOrder without an id', async () => {
    expect(await rejectedFields(h.grpc.getOrder({ orderId: '' }))).toEqual(['order_id']);
  });
});

describe('malformed HTTP requests get 400 invalid_argument naming the field', () => {
  it('a body that is not JSON', async () => {
    const reply = await h.http('/cs.orders.v1.OrdersService/ChangeAddress', '{"order_id": ');
    expect(reply.status).toBe(400);
    expect(reply.body.code).toBe('invalid_argument');
  });

  it('a JSON array instead of the request object', async () => {
    const reply = await h.http('/cs.orders.v1.OrdersService/ChangeAddress', [1, 2]);
    expect(reply.status).toBe(400);
    expect(reply.body.message).toContain('JSON object');
  });

  it('missing fields, listed with their proto names', async () => {
    const reply = await h.http('/cs.orders.v1.OrdersService/ChangeAddress', { order_id: orderId });
    expect(reply.status).toBe(400);
    expect(reply.body.code).toBe('invalid_argument');
    expect(reply.body.fieldViolations.map((v: { field: string }) => v.field)).toEqual([
      'idempotency_key',
      'confirmation',
      'new_address',
    ]);
    await nothingWritten();
  });

  it('an unknown method is 404 not_found', async () => {
    const reply = await h.http('/cs.orders.v1.OrdersService/DropTables', {});
    expect(reply.status).toBe(404);
    expect(reply.body.code).toBe('not_found');
  });
});
