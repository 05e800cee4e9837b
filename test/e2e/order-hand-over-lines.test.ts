import { randomUUID } from 'node:crypto';
import { AftersalesServiceService } from '@cs/contracts/cs/aftersales/v1/aftersales_service';
import { type AftersalesCase, CaseKind, CaseState } from '@cs/contracts/cs/aftersales/v1/case';
import { FulfilmentStage } from '@cs/contracts/cs/orders/v1/order';
import { createGrpcClient } from '@cs/grpc';
import {
  bearerFor,
  deleteTestStreams,
  type ServiceUnderTest,
  startServiceUnderTest,
  uniqueSubjectPrefix,
  waitFor,
} from '@cs/testing';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { aftersalesService } from '../../services/aftersales/src/aftersales.service.js';
import {
  confirmation,
  type OrdersHarness,
  redMugs,
  startOrders,
} from '../../services/orders/test/integration/orders-fixture.js';

// Issue 16: attribute changes asked after shipping, on two lines of one order, travel from the order
// desk's hand-over event to after-sales' consumer; every line handed over must reach an exchange.

let orders: OrdersHarness;
let aftersales: ServiceUnderTest;
let sharedPrefix: string;
let cases: ReturnType<typeof createGrpcClient<typeof AftersalesServiceService>>;

beforeAll(async () => {
  sharedPrefix = uniqueSubjectPrefix();
  const shared = { SUBJECT_PREFIX: sharedPrefix };
  orders = await startOrders(shared);
  const infrastructure = { postgresUrl: inject('postgresUrl'), natsUrl: inject('natsUrl') };
  aftersales = await startServiceUnderTest(aftersalesService, infrastructure, shared);
  cases = createGrpcClient(AftersalesServiceService, aftersales.service.grpcAddress, {
    bearer: bearerFor({ roles: ['aftersales-agent'], agentId: 'as-1', name: '售后小周' }),
  });
}, 120_000);

afterAll(async () => {
  cases?.close();
  await aftersales?.close();
  await orders?.close();
  if (sharedPrefix) await deleteTestStreams(inject('natsUrl'), sharedPrefix);
});

const tee = {
  sku: 'TEE-M',
  title: '白色T恤 M',
  quantity: 1,
  unitPrice: { amountMinor: 5900, currency: 'CNY' },
  attributes: {},
};

const exchangesOf = async (orderId: string): Promise<AftersalesCase[]> =>
  (
    await cases.listCases({
      customerId: '',
      orderId,
      kind: CaseKind.CASE_KIND_EXCHANGE,
      state: CaseState.CASE_STATE_UNSPECIFIED,
      overdueOnly: false,
      page: undefined,
    })
  ).cases;

describe('attribute changes on two lines of a shipped order', () => {
  it('both lines reach after-sales: one exchange per line, each with its own goods and wanted item', async () => {
    const orderId = await orders.orderAt(FulfilmentStage.FULFILMENT_STAGE_SHIPPED, { items: [redMugs, tee] });
    const ask = (sku: string, newSku: string, newTitle: string, newAttributes: Record<string, string>) =>
      orders.grpc
        .changeAttributes({
          orderId,
          sku,
          newSku,
          newTitle,
          newAttributes,
          confirmation: confirmation(),
          idempotencyKey: randomUUID(),
        })
        .catch((error) => error);
    // Shipped: each is refused by the order desk and handed over to after-sales.
    expect((await ask('TEE-M', 'TEE-L', '白色T恤 L', { 尺码: 'L' })).code).toBe(status.FAILED_PRECONDITION);
    await waitFor('the first exchange', async () => ((await exchangesOf(orderId)).length === 1 ? true : undefined));
    expect((await ask('MUG-RED', 'MUG-BLUE', '蓝色马克杯', { 颜色: '蓝色' })).code).toBe(status.FAILED_PRECONDITION);

    const exchanges = await waitFor('an exchange for each line', async () => {
      const found = await exchangesOf(orderId);
      return found.length === 2 ? found : undefined;
    });
    const byLine = Object.fromEntries(exchanges.map((c) => [c.items[0]?.sku, c]));
    expect(byLine['TEE-M']?.items).toEqual([{ sku: 'TEE-M', title: '白色T恤 M', quantity: 1, attributes: {} }]);
    expect(byLine['TEE-M']?.wantedItem).toEqual({
      sku: 'TEE-L',
      title: '白色T恤 L',
      quantity: 1,
      attributes: { 尺码: 'L' },
    });
    expect(byLine['MUG-RED']?.items).toEqual([{ sku: 'MUG-RED', title: '红色马克杯', quantity: 2, attributes: {} }]);
    expect(byLine['MUG-RED']?.wantedItem).toEqual({
      sku: 'MUG-BLUE',
      title: '蓝色马克杯',
      quantity: 2,
      attributes: { 颜色: '蓝色' },
    });
  });
});
