import { randomUUID } from 'node:crypto';
import { FulfilmentStage } from '@cs/contracts/cs/orders/v1/order';
import { OrdersServiceService } from '@cs/contracts/cs/orders/v1/orders_service';
import { createGrpcClient } from '@cs/grpc';
import { bearerFor, startServiceUnderTest } from '@cs/testing';
import { expect, inject, it } from 'vitest';
import { ordersService } from '../../../../services/orders/src/orders.service.js';
import { AuditTrail } from '../../src/audit-trail.js';

const address = { recipientName: '李四', phone: '13800001111', province: '浙江省', city: '杭州市', district: '西湖区', street: '文三路1号', postalCode: '310000' };
const placed = (orderId: string) => ({
  orderId,
  customer: { customerId: 'b-1', displayName: '李四' },
  items: [{ sku: 'MUG', title: 'mug', quantity: 1, unitPrice: { amountMinor: 100, currency: 'CNY' } }],
  address,
  total: { amountMinor: 100, currency: 'CNY' },
  placedAt: { seconds: Math.floor(Date.now() / 1000), nanos: 0 },
});
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

it('bench', async () => {
  const sut = await startServiceUnderTest(ordersService, { postgresUrl: inject('postgresUrl'), natsUrl: inject('natsUrl') }, { INTAKE_RATE_PER_SECOND: '1000000', INTAKE_BURST: '1000000', LOG_LEVEL: 'error' });
  const c = createGrpcClient(OrdersServiceService, sut.service.grpcAddress, { bearer: bearerFor({ roles: ['service', 'order-desk-clerk'], agentId: 'bench' }) });
  const ids = Array.from({ length: 50 }, () => `TB${randomUUID()}`);
  for (const id of ids) await c.recordOrderPlaced(placed(id));
  const original = AuditTrail.prototype.append;
  const results: Record<string, number[]> = {};
  const stages = [FulfilmentStage.FULFILMENT_STAGE_PAID, FulfilmentStage.FULFILMENT_STAGE_PRINTED];
  for (let round = 0; round < 10; round++) {
    for (const audited of [true, false]) {
      AuditTrail.prototype.append = audited ? original : async () => {};
      const label = audited ? 'audited' : 'not audited';
      let t = performance.now();
      for (let i = 0; i < 50; i++) await c.getOrder({ orderId: ids[i]! });
      (results[`GetOrder ${label}`] ??= []).push((performance.now() - t) / 50);
      t = performance.now();
      for (let i = 0; i < 50; i++) await c.recordFulfilmentFact({ orderId: ids[i]!, stage: stages[round % 2]!, occurredAt: { seconds: Math.floor(Date.now() / 1000), nanos: 0 } }).catch(() => undefined);
      (results[`RecordFulfilmentFact ${label}`] ??= []).push((performance.now() - t) / 50);
      t = performance.now();
      await Promise.all(Array.from({ length: 50 }, (_, i) => c.getOrder({ orderId: ids[i]! })));
      (results[`GetOrder x50 parallel ${label}`] ??= []).push(performance.now() - t);
    }
  }
  AuditTrail.prototype.append = original;
  for (const [k, v] of Object.entries(results)) console.info(`${k}: median ${median(v).toFixed(2)} ms (min ${Math.min(...v).toFixed(2)})`);
  c.close();
  await sut.close();
  expect(true).toBe(true);
}, 300_000);
