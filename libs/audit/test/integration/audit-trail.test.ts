import { randomBytes, randomUUID } from 'node:crypto';
import { ON_BEHALF_OF } from '@cs/auth';
import { AuditServiceService } from '@cs/contracts/cs/audit/v1/audit_service';
import { FulfilmentStage } from '@cs/contracts/cs/orders/v1/order';
import { OrdersServiceService } from '@cs/contracts/cs/orders/v1/orders_service';
import { createGrpcClient, type PromiseClient } from '@cs/grpc';
import {
  authAs,
  bearerFor,
  type ServiceUnderTest,
  startServiceUnderTest,
  type TestCaller,
  tokenFor,
} from '@cs/testing';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ordersService } from '../../../../services/orders/src/orders.service.js';

// The orders service as deployed, with the platform's audit trail: the trail is platform-wide
// (libs/service-kit wires it into every service), so one real service shows it end to end.
let sut: ServiceUnderTest;
const clients: PromiseClient<typeof OrdersServiceService>[] = [];
let connector: PromiseClient<typeof OrdersServiceService>;
let clerk: PromiseClient<typeof OrdersServiceService>;
let warehouse: PromiseClient<typeof OrdersServiceService>;
let admin: PromiseClient<typeof AuditServiceService>;
let clerkOnAudit: PromiseClient<typeof AuditServiceService>;

const connectorCaller: TestCaller = { roles: ['service'], agentId: 'shop-connector' };
const clerkCaller: TestCaller = { roles: ['order-desk-clerk'], agentId: 'clerk-1', name: '王五' };
const warehouseCaller: TestCaller = { roles: ['warehouse-staff'], agentId: 'wh-1', name: '赵六' };
const adminCaller: TestCaller = { roles: ['platform-admin'], agentId: 'admin-1', name: '管理员' };
const ORDERS = '/cs.orders.v1.OrdersService/';

const address = {
  recipientName: '李四',
  phone: '13800001111',
  province: '浙江省',
  city: '杭州市',
  district: '西湖区',
  street: '文三路1号',
  postalCode: '310000',
};

beforeAll(async () => {
  sut = await startServiceUnderTest(ordersService, { postgresUrl: inject('postgresUrl'), natsUrl: inject('natsUrl') });
  const address_ = sut.service.grpcAddress;
  const orders = (caller: TestCaller) => {
    const client = createGrpcClient(OrdersServiceService, address_, { bearer: bearerFor(caller) });
    clients.push(client);
    return client;
  };
  connector = orders(connectorCaller);
  clerk = orders(clerkCaller);
  warehouse = orders(warehouseCaller);
  admin = createGrpcClient(AuditServiceService, address_, { bearer: bearerFor(adminCaller) });
  clerkOnAudit = createGrpcClient(AuditServiceService, address_, { bearer: bearerFor(clerkCaller) });
});

afterAll(async () => {
  for (const client of [...clients, admin, clerkOnAudit]) client?.close();
  await sut?.close();
});

interface Row {
  seq: string;
  subject: string;
  roles: string[];
  via: string;
  service: string;
  rpc: string;
  ids: Record<string, string>;
  trace_id: string;
  outcome: string;
}

const sql = <T = Row>(query: string, params: unknown[] = []) => sut.service.orm.em.fork().execute<T[]>(query, params);
const recordsOf = (orderId: string) =>
  sql("select * from audit_records where ids->>'orderId' = ? order by seq", [orderId]);
const newTrace = () => {
  const traceId = randomBytes(16).toString('hex');
  return { traceId, metadata: { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` } };
};

function orderPlaced(orderId: string) {
  return {
    orderId,
    customer: { customerId: `buyer-${orderId}`, displayName: '李四' },
    items: [
      {
        sku: 'MUG-RED',
        title: '红色马克杯',
        quantity: 1,
        unitPrice: { amountMinor: 1999, currency: 'CNY' },
        attributes: {},
      },
    ],
    address,
    total: { amountMinor: 1999, currency: 'CNY' },
    placedAt: { seconds: Math.floor(Date.now() / 1000), nanos: 0 },
  };
}

describe('every command and every personal-data read leaves one record', () => {
  it('a command (RecordOrderPlaced) and a personal-data read (GetOrder): who, what, from where, outcome', async () => {
    const orderId = `TB-${randomUUID()}`;
    const placing = newTrace();
    await connector.recordOrderPlaced(orderPlaced(orderId), { metadata: placing.metadata });
    expect(await recordsOf(orderId)).toEqual([
      expect.objectContaining({
        subject: 'shop-connector',
        roles: ['service'],
        via: '',
        service: 'orders',
        rpc: `${ORDERS}RecordOrderPlaced`,
        ids: { orderId },
        trace_id: placing.traceId,
        outcome: 'ok',
      }),
    ]);

    const reading = newTrace();
    const { order } = await clerk.getOrder({ orderId }, { metadata: reading.metadata });
    expect(order?.address?.phone).toBe('13800001111'); // the clerk needs it in clear…
    const records = await recordsOf(orderId);
    expect(records).toHaveLength(2);
    expect(records[1]).toMatchObject({
      subject: 'clerk-1',
      roles: ['order-desk-clerk'],
      rpc: `${ORDERS}GetOrder`,
      ids: { orderId },
      trace_id: reading.traceId,
      outcome: 'ok',
    });
    // …and the trail holds who read it, never what was read.
    expect(JSON.stringify(records)).not.toMatch(/13800001111|文三路|李四/);
  });

  it('over HTTP: the gateway forwards to gRPC, so the call is recorded once, as over gRPC', async () => {
    const orderId = `TB-http-${randomUUID()}`;
    await connector.recordOrderPlaced(orderPlaced(orderId));
    const response = await fetch(`${sut.service.httpUrl}${ORDERS}GetOrder`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await authAs(clerkCaller)) },
      body: JSON.stringify({ order_id: orderId }),
    });
    expect(response.status).toBe(200);
    expect((await recordsOf(orderId)).map((r) => [r.rpc, r.subject, r.outcome])).toEqual([
      [`${ORDERS}RecordOrderPlaced`, 'shop-connector', 'ok'],
      [`${ORDERS}GetOrder`, 'clerk-1', 'ok'],
    ]);
  });

  it('a failed read is recorded with its status', async () => {
    const orderId = `TB-missing-${randomUUID()}`;
    const error = await clerk.getOrder({ orderId }).catch((e) => e);
    expect(error.code).toBe(status.NOT_FOUND);
    const [record] = await recordsOf(orderId);
    expect(record?.outcome).toMatch(/^NOT_FOUND: /);
  });

  it('a refused command is recorded as PERMISSION_DENIED with the refused caller', async () => {
    const orderId = `TB-refused-${randomUUID()}`;
    const error = await warehouse.recordOrderPlaced(orderPlaced(orderId)).catch((e) => e);
    expect(error.code).toBe(status.PERMISSION_DENIED);
    expect(await recordsOf(orderId)).toEqual([
      expect.objectContaining({
        subject: 'wh-1',
        roles: ['warehouse-staff'],
        rpc: `${ORDERS}RecordOrderPlaced`,
        outcome: expect.stringMatching(/^PERMISSION_DENIED: .*may be called by service/),
      }),
    ]);
    const [order] = await sql<{ n: string }>('select count(*) as n from orders where id = ?', [orderId]);
    expect(Number(order?.n)).toBe(0);
  });

  it('a refused relay names the person it was for, via the relaying service', async () => {
    const orderId = `TB-relayed-${randomUUID()}`;
    const error = await connector
      .recordOrderPlaced(orderPlaced(orderId), { metadata: { [ON_BEHALF_OF]: await tokenFor(warehouseCaller) } })
      .catch((e) => e);
    expect(error.code).toBe(status.PERMISSION_DENIED);
    expect(await recordsOf(orderId)).toEqual([
      expect.objectContaining({
        subject: 'wh-1',
        roles: ['warehouse-staff'],
        via: 'shop-connector',
        outcome: expect.stringMatching(/^PERMISSION_DENIED: /),
      }),
    ]);
  });

  it('a call that is neither a command nor a personal-data read leaves nothing', async () => {
    const [before] = await sql<{ n: string }>('select count(*) as n from audit_records');
    await admin.verifyAuditChain({});
    await admin.listAuditRecords({ filter: undefined, page: { pageSize: 1, pageToken: '' } });
    const [after] = await sql<{ n: string }>('select count(*) as n from audit_records');
    expect(after?.n).toBe(before?.n);
  });
});

describe('AuditService: the trail for platform admins', () => {
  it('lists records by id value, subject, rpc, outcome and time range, oldest first, paged', async () => {
    const orderId = `TB-list-${randomUUID()}`;
    await connector.recordOrderPlaced(orderPlaced(orderId));
    await connector.recordFulfilmentFact({
      orderId,
      stage: FulfilmentStage.FULFILMENT_STAGE_PAID,
      occurredAt: { seconds: Math.floor(Date.now() / 1000), nanos: 0 },
    });
    await clerk.getOrder({ orderId });
    await warehouse.recordOrderPlaced(orderPlaced(orderId)).catch(() => undefined);
    const byId = { idValue: orderId, subject: '', rpc: '', outcome: '' };

    const all = await admin.listAuditRecords({ filter: byId, page: { pageSize: 0, pageToken: '' } });
    expect(all.records.map((r) => [r.rpc.replace(ORDERS, ''), r.subject, r.outcome.split(':')[0]])).toEqual([
      ['RecordOrderPlaced', 'shop-connector', 'ok'],
      ['RecordFulfilmentFact', 'shop-connector', 'ok'],
      ['GetOrder', 'clerk-1', 'ok'],
      ['RecordOrderPlaced', 'wh-1', 'PERMISSION_DENIED'],
    ]);
    expect(all.page?.nextPageToken).toBe('');
    expect(all.records[0]).toMatchObject({ service: 'orders', ids: { orderId }, roles: ['service'] });
    expect(all.records[0]?.hash).toMatch(/^[\da-f]{64}$/);
    expect(all.records[1]?.prevHash).toBe(all.records[0]?.hash);

    const list = async (filter: Partial<typeof byId> & { from?: Date; to?: Date }) => {
      const { from, to, ...rest } = filter;
      const ts = (d?: Date) => (d ? { seconds: Math.floor(d.getTime() / 1000), nanos: 0 } : undefined);
      const { records } = await admin.listAuditRecords({
        filter: { ...byId, ...rest, from: ts(from), to: ts(to) },
        page: { pageSize: 0, pageToken: '' },
      });
      return records.map((r) => r.seq);
    };
    const seqs = all.records.map((r) => r.seq);
    expect(await list({ subject: 'clerk-1' })).toEqual([seqs[2]]);
    expect(await list({ rpc: `${ORDERS}RecordOrderPlaced` })).toEqual([seqs[0], seqs[3]]);
    expect(await list({ rpc: ORDERS })).toEqual(seqs);
    expect(await list({ outcome: 'PERMISSION_DENIED' })).toEqual([seqs[3]]);
    expect(await list({ outcome: 'ok', subject: 'shop-connector' })).toEqual([seqs[0], seqs[1]]);
    expect(await list({ from: new Date(Date.now() - 60_000), to: new Date(Date.now() + 60_000) })).toEqual(seqs);
    expect(await list({ from: new Date(Date.now() + 60_000) })).toEqual([]);

    const pages: number[][] = [];
    let pageToken = '';
    do {
      const page = await admin.listAuditRecords({ filter: byId, page: { pageSize: 3, pageToken } });
      pages.push(page.records.map((r) => r.seq));
      pageToken = page.page?.nextPageToken ?? '';
    } while (pageToken);
    expect(pages).toEqual([seqs.slice(0, 3), seqs.slice(3)]);

    const bad = await admin
      .listAuditRecords({ filter: byId, page: { pageSize: 500, pageToken: 'nonsense' } })
      .catch((e) => e);
    expect(bad.code).toBe(status.INVALID_ARGUMENT);
  });

  it('exports the same records as CSV, bounded by max_rows', async () => {
    const orderId = `TB-csv-${randomUUID()}`;
    await connector.recordOrderPlaced(orderPlaced(orderId));
    await clerk.getOrder({ orderId });
    const filter = { idValue: orderId, subject: '', rpc: '', outcome: '' };
    const full = await admin.exportAuditRecords({ filter, maxRows: 0 });
    const lines = full.csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('seq,at,subject,roles,via,service,rpc,ids,trace_id,outcome,prev_hash,hash');
    expect(lines.slice(1).map((l) => l.split(',')[2])).toEqual(['shop-connector', 'clerk-1']);
    expect(lines[2]).toContain(`,orders,${ORDERS}GetOrder,orderId=${orderId},`);
    expect(full).toMatchObject({ rows: 2, truncated: false });
    expect(await admin.exportAuditRecords({ filter, maxRows: 1 })).toMatchObject({ rows: 1, truncated: true });
  });

  it('is for platform admins only: a clerk gets PERMISSION_DENIED', async () => {
    const error = await clerkOnAudit
      .listAuditRecords({ filter: undefined, page: { pageSize: 0, pageToken: '' } })
      .catch((e) => e);
    expect(error.code).toBe(status.PERMISSION_DENIED);
    expect((await clerkOnAudit.verifyAuditChain({}).catch((e) => e)).code).toBe(status.PERMISSION_DENIED);
  });
});

describe('the chain: append-only and tamper-evident', () => {
  it('50 commands in parallel leave an unbroken chain, one record each', async () => {
    const orderIds = Array.from({ length: 50 }, () => `TB-race-${randomUUID()}`);
    await Promise.all(orderIds.map((orderId) => connector.recordOrderPlaced(orderPlaced(orderId))));
    const [count] = await sql<{ n: string }>(
      `select count(*) as n from audit_records where ids->>'orderId' in (select jsonb_array_elements_text(?::jsonb))`,
      [JSON.stringify(orderIds)],
    );
    expect(Number(count?.n)).toBe(50);
    const [total] = await sql<{ n: string }>('select count(*) as n from audit_records');
    expect(await admin.verifyAuditChain({})).toEqual({
      ok: true,
      checked: Number(total?.n),
      firstBrokenSeq: 0,
      reason: '',
    });
  });

  it('refuses UPDATE and DELETE while the trigger is on', async () => {
    await expect(sql("update audit_records set outcome = 'ok' where seq = 1")).rejects.toThrow(/append-only/);
    await expect(sql('delete from audit_records where seq = 1')).rejects.toThrow(/append-only/);
  });

  it('names the edited record when a rogue DBA disables the trigger and edits a row, and a deleted one', async () => {
    const orderId = `TB-tamper-${randomUUID()}`;
    await clerk.getOrder({ orderId }).catch(() => undefined); // NOT_FOUND: a record to cover up
    await connector.recordOrderPlaced(orderPlaced(`TB-after-${randomUUID()}`));
    const [target] = await recordsOf(orderId);
    const seq = Number(target?.seq);

    const tamper = async (statement: string) => {
      await sql('alter table audit_records disable trigger audit_records_append_only');
      try {
        await sql(statement, [seq]);
      } finally {
        await sql('alter table audit_records enable trigger audit_records_append_only');
      }
    };
    await tamper("update audit_records set outcome = 'ok' where seq = ?");
    expect(await admin.verifyAuditChain({})).toMatchObject({
      ok: false,
      firstBrokenSeq: seq,
      reason: 'hash differs: the record was edited',
    });

    await tamper(`update audit_records set outcome = '${target?.outcome.replaceAll("'", "''")}' where seq = ?`);
    expect(await admin.verifyAuditChain({})).toMatchObject({ ok: true });

    await tamper('delete from audit_records where seq = ?');
    expect(await admin.verifyAuditChain({})).toMatchObject({ ok: false, firstBrokenSeq: seq });
  });
});
