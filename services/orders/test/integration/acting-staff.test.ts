import { randomUUID } from 'node:crypto';
import { FulfilmentStage } from '@cs/contracts/cs/orders/v1/order';
import { richErrorDetails } from '@cs/grpc';
import { authAs, type TestCaller, tokenFor, waitFor } from '@cs/testing';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  as,
  clerk,
  confirmation,
  frontLine,
  newAddress,
  type OrdersHarness,
  startOrders,
  warehouseHand,
} from './orders-fixture.js';

let h: OrdersHarness;
beforeAll(async () => {
  h = await startOrders();
});
afterAll(() => h?.close());

/** inquiry as it calls the order desk: its own service identity. */
const inquiry: TestCaller = { roles: ['service'], agentId: 'service:inquiry', name: 'inquiry' };
const signature = (name: string) => new RegExp(`---\\d{4}\\.\\d{2}\\.\\d{2} ${name}$`);
const changeAddress = (orderId: string, idempotencyKey = randomUUID()) => ({
  orderId,
  newAddress,
  confirmation: confirmation(),
  idempotencyKey,
});

describe('the acting staff member is the token’s, never the body’s', () => {
  it('the remark and the change are signed with the token’s name', async () => {
    const orderId = await h.orderAt(FulfilmentStage.FULFILMENT_STAGE_PAID);
    const response = await h.grpc.changeAddress(changeAddress(orderId), await as(clerk));
    expect(response.remark?.text).toMatch(signature('赵六'));
    expect(response.remark?.author).toEqual({ agentId: 'c-3', name: '赵六' });
    expect(response.change?.requestedBy).toEqual({ agentId: 'c-3', name: '赵六' });
  });

  it('over HTTP an old-style agent in the body is ignored: the token signs', async () => {
    const orderId = await h.orderAt(FulfilmentStage.FULFILMENT_STAGE_PAID);
    const reply = await h.http(
      '/cs.orders.v1.OrdersService/CancelOrder',
      {
        order_id: orderId,
        agent: { agent_id: 'x-9', name: '冒名者' },
        confirmation: {
          confirmed_at: new Date(Date.now() - 60_000).toISOString(),
          channel: 'CONFIRMATION_CHANNEL_CHAT',
        },
        idempotency_key: randomUUID(),
      },
      await authAs(clerk),
    );
    expect(reply.status).toBe(200);
    expect(reply.body.remark.text).toMatch(signature('赵六'));
    expect(JSON.stringify(reply.body)).not.toContain('冒名者');
    const refund = await waitFor('the refund request', () =>
      h.events.ofSubject('cs.orders.order.refund_requested').find((e) => e.data.orderId === orderId),
    );
    expect(refund.data.requestedBy).toEqual({ agentId: 'c-3', name: '赵六' });
  });

  it('a service relaying a person’s request (x-cs-on-behalf-of) acts as that person', async () => {
    const orderId = await h.orderAt(FulfilmentStage.FULFILMENT_STAGE_SHIPPED);
    const metadata = { ...(await authAs(inquiry)), 'x-cs-on-behalf-of': await tokenFor(frontLine) };
    const error = await h.grpc.changeAddress(changeAddress(orderId), { metadata }).catch((e) => e);
    expect(richErrorDetails(error.metadata).reason).toBe('order-desk.shipped-order-goes-to-aftersales');
    const handOver = await waitFor('the hand-over', () =>
      h.events.ofSubject('cs.orders.order.handed_to_aftersales').find((e) => e.data.orderId === orderId),
    );
    expect(handOver.data.requestedBy).toEqual({ agentId: 'f-2', name: '王五' });
  });

  it('a retry key used by someone else is refused, not answered with their outcome', async () => {
    const orderId = await h.orderAt(FulfilmentStage.FULFILMENT_STAGE_PAID);
    const request = changeAddress(orderId);
    const first = await h.grpc.changeAddress(request, await as(clerk));
    expect(await h.grpc.changeAddress(request, await as(clerk))).toEqual(first);
    const error = await h.grpc.changeAddress(request, await as(frontLine)).catch((e) => e);
    expect(error.code).toBe(status.INVALID_ARGUMENT);
    expect(richErrorDetails(error.metadata).fieldViolations.map((v) => v.field)).toEqual(['idempotency_key']);
  });
});

describe('who may call', () => {
  it('the warehouse changes no order, and nothing is written', async () => {
    const orderId = await h.orderAt(FulfilmentStage.FULFILMENT_STAGE_PAID);
    const error = await h.grpc.changeAddress(changeAddress(orderId), await as(warehouseHand)).catch((e) => e);
    expect(error.code).toBe(status.PERMISSION_DENIED);
    const { order } = await h.grpc.getOrder({ orderId });
    expect(order?.remarks).toEqual([]);
  });

  it('the warehouse reads an order but does not browse a customer’s orders', async () => {
    const orderId = await h.orderAt(FulfilmentStage.FULFILMENT_STAGE_PAID);
    expect((await h.grpc.getOrder({ orderId }, await as(warehouseHand))).order?.orderId).toBe(orderId);
    const error = await h.grpc
      .listCustomerOrders({ customerId: 'buyer-1', page: undefined }, await as(warehouseHand))
      .catch((e) => e);
    expect(error.code).toBe(status.PERMISSION_DENIED);
  });

  it('a person cannot act on someone else’s behalf; only a platform service relays', async () => {
    const orderId = await h.orderAt(FulfilmentStage.FULFILMENT_STAGE_PAID);
    const metadata = { ...(await authAs(clerk)), 'x-cs-on-behalf-of': await tokenFor(frontLine) };
    const error = await h.grpc.changeAddress(changeAddress(orderId), { metadata }).catch((e) => e);
    expect(error.code).toBe(status.PERMISSION_DENIED);
  });

  it('over HTTP without a token: 401, nothing written', async () => {
    const orderId = await h.orderAt(FulfilmentStage.FULFILMENT_STAGE_PAID);
    const reply = await h.http(
      '/cs.orders.v1.OrdersService/CancelOrder',
      { order_id: orderId, idempotency_key: randomUUID() },
      { authorization: '' },
    );
    expect(reply.status).toBe(401);
    expect((await h.grpc.getOrder({ orderId })).order?.cancelledAt).toBeUndefined();
  });
});
