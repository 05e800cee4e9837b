import { accessTable, type MethodCodecs, type ServiceName, serviceRoutes } from '@cs/contracts';
import { protoRegistry, richErrorDetails } from '@cs/grpc';
import {
  deleteTestStreams,
  type ServiceUnderTest,
  startServiceUnderTest,
  tokenFor,
  uniqueSubjectPrefix,
  waitFor,
} from '@cs/testing';
import { Client, credentials, Metadata, type ServiceError, status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { platformServices } from '../e2e/support/platform-services.js';
import { malformedBodies, sampleMessage } from './malformed-input/json-bodies.js';
import { malformedProtobufs } from './malformed-input/protobuf-bodies.js';
import { Random } from './malformed-input/random.js';
import { databaseSnapshot, streamSnapshot } from './malformed-input/state-snapshot.js';

// Issue 14 item 4: whatever a client sends, the answer is a 4xx / INVALID_ARGUMENT naming the
// field, never 5xx / INTERNAL, and nothing is written or published. Every unary RPC of every
// service comes from the descriptors, so a new RPC is fuzzed without touching this file.
const seed = Number(process.env.FUZZ_SEED ?? 20261203);
const bodiesPerMethod = 8;
const specs = platformServices;
const subjectPrefix = uniqueSubjectPrefix();
const natsUrl = inject('natsUrl');
const running: ServiceUnderTest[] = [];

interface Target {
  sut: ServiceUnderTest;
  service: string;
  method: string;
}

function targets(): Target[] {
  return running.flatMap((sut) =>
    sut.service.servedGrpcServices.flatMap((service) =>
      (protoRegistry().getService(service)?.methods ?? [])
        .filter((m) => m.methodKind === 'unary')
        .map((m) => ({ sut, service, method: m.name })),
    ),
  );
}

/** A token with the first role the RPC's access rule allows, so the request is turned away for its body alone. */
async function bearer(service: string, method: string): Promise<string> {
  const role = accessTable[`/${service}/${method}`]?.roles[0] ?? 'manager';
  return `Bearer ${await tokenFor({ roles: [role], agentId: 'fuzz-agent' })}`;
}

async function snapshot() {
  const databases = await Promise.all(running.map((s) => databaseSnapshot(s.database.url)));
  return { databases, streams: await streamSnapshot(natsUrl, subjectPrefix) };
}

async function inBatches<T>(items: T[], size: number, run: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(run));
}

beforeAll(async () => {
  const infrastructure = { postgresUrl: inject('postgresUrl'), natsUrl };
  for (const spec of specs) {
    running.push(await startServiceUnderTest(spec, infrastructure, { SUBJECT_PREFIX: subjectPrefix }));
  }
}, 120_000);

afterAll(async () => {
  for (const sut of running) await sut.close();
  await deleteTestStreams(natsUrl, subjectPrefix);
});

describe('malformed input to every RPC of every service', () => {
  it('covers every unary RPC the descriptors declare', () => {
    const fuzzed = new Set(targets().map((t) => `${t.service}/${t.method}`));
    const declared = Object.entries(serviceRoutes).flatMap(([service, methods]) =>
      Object.keys(methods).map((method) => `${service}/${method}`),
    );
    expect(declared.filter((name) => !fuzzed.has(name))).toEqual([]);
    expect(fuzzed.size).toBeGreaterThan(100);
  });

  it('HTTP: every malformed body is a 400 naming the field; no row changed, no event', async () => {
    const before = await snapshot();
    const random = new Random(seed);
    const failures: string[] = [];
    let sent = 0;
    await inBatches(targets(), 8, async ({ sut, service, method }) => {
      const input = protoRegistry()
        .getService(service)!
        .methods.find((m) => m.name === method)!.input;
      const authorization = await bearer(service, method);
      for (const malformed of malformedBodies(input, random, bodiesPerMethod)) {
        const response = await fetch(`${sut.service.httpUrl}/${service}/${method}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization },
          body: malformed.body,
        });
        sent++;
        const body = (await response.json().catch(() => ({}))) as {
          code?: string;
          fieldViolations?: { field: string }[];
        };
        const named = body.fieldViolations?.some((v) => v.field.startsWith(malformed.field));
        if (response.status !== 400 || body.code !== 'invalid_argument' || !named) {
          failures.push(`${service}/${method} ${malformed.label} → ${response.status} ${JSON.stringify(body)}`);
        }
      }
    });
    expect(failures.slice(0, 20)).toEqual([]);
    expect(sent).toBeGreaterThan(1000);
    expect(await snapshot()).toEqual(before);
  }, 90_000);

  it('gRPC: every undecodable message is INVALID_ARGUMENT naming the field; no row changed, no event', async () => {
    const before = await snapshot();
    const random = new Random(seed + 1);
    const failures: string[] = [];
    const clients = new Map(running.map((s) => [s, new Client(s.service.grpcAddress, credentials.createInsecure())]));
    try {
      await inBatches(targets(), 8, async ({ sut, service, method }) => {
        const input = protoRegistry()
          .getService(service)!
          .methods.find((m) => m.name === method)!.input;
        const codecs = (serviceRoutes[service as ServiceName] as Record<string, MethodCodecs>)[method]!;
        const valid = Buffer.from(
          codecs.request.encode(codecs.request.fromJSON(sampleMessage(input)) as never).finish(),
        );
        const metadata = new Metadata();
        metadata.set('authorization', await bearer(service, method));
        for (const malformed of malformedProtobufs(input, valid, random)) {
          const error = await new Promise<ServiceError | null>((resolve) =>
            clients.get(sut)!.makeUnaryRequest(
              `/${service}/${method}`,
              (bytes: Buffer) => bytes,
              (bytes: Buffer) => bytes,
              malformed.bytes,
              metadata,
              { deadline: new Date(Date.now() + 15_000) },
              (e) => resolve(e),
            ),
          );
          const fields = richErrorDetails(error?.metadata).fieldViolations.map((v) => v.field);
          if (error?.code !== status.INVALID_ARGUMENT || fields.length === 0) {
            failures.push(`${service}/${method} ${malformed.label} → ${error?.code} ${error?.details} ${fields}`);
          }
        }
      });
    } finally {
      for (const client of clients.values()) client.close();
    }
    expect(failures.slice(0, 20)).toEqual([]);
    expect(await snapshot()).toEqual(before);
  }, 90_000);

  it('the cases reported in issue 14 are each a 400 naming the field; nothing written', async () => {
    const before = await snapshot();
    const reported: [string, string, Record<string, unknown>, string][] = [
      ['cs.orders.v1.OrdersService', 'ChangeAddress', { order_id: 'TB1', expected_version: 'abc' }, 'expected_version'],
      [
        'cs.orders.v1.OrdersService',
        'ChangeAddress',
        { confirmation: { confirmed_at: 'yesterday' } },
        'confirmation.confirmed_at',
      ],
      ['cs.orders.v1.OrdersService', 'ChangeAddress', { new_address: { street: { a: 1 } } }, 'new_address.street'],
      ['cs.orders.v1.OrdersService', 'ChangeAddress', { new_address: { phone: 13900002222 } }, 'new_address.phone'],
      ['cs.orders.v1.OrdersService', 'RecordOrderPlaced', { total: { amount_minor: 1999.5 } }, 'total.amount_minor'],
      ['cs.orders.v1.OrdersService', 'RecordOrderPlaced', { items: [{ quantity: 1e30 }] }, 'items[0].quantity'],
      ['cs.orders.v1.OrdersService', 'RecordOrderPlaced', { items: [{ quantity: true }] }, 'items[0].quantity'],
      ['cs.orders.v1.OrdersService', 'RecordOrderPlaced', { order_id: 500000 }, 'order_id'],
      ['cs.orders.v1.OrdersService', 'RecordOrderPlaced', { order_id: ['S5C-2'] }, 'order_id'],
      ['cs.orders.v1.StockService', 'RecordStockLevel', { units: 'abc' }, 'units'],
      ['cs.inquiry.v1.ConversationsService', 'IngestMessage', { body: { a: 1 } }, 'body'],
      ['cs.aftersales.v1.AftersalesService', 'OpenCase', { reason: ['a', 'b'] }, 'reason'],
    ];
    for (const [service, method, body, field] of reported) {
      const sut = running.find((s) => s.service.servedGrpcServices.includes(service))!;
      const response = await fetch(`${sut.service.httpUrl}/${service}/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: await bearer(service, method) },
        body: JSON.stringify(body),
      });
      const reply = (await response.json()) as { code: string; fieldViolations?: { field: string }[] };
      expect([response.status, reply.code, reply.fieldViolations?.map((v) => v.field)], field).toEqual([
        400,
        'invalid_argument',
        [field],
      ]);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('the snapshots do see a write: a well-formed order (int64 as strings) changes rows and publishes', async () => {
    const before = await snapshot();
    const orders = running.find((s) => s.service.servedGrpcServices.includes('cs.orders.v1.OrdersService'))!;
    const response = await fetch(`${orders.service.httpUrl}/cs.orders.v1.OrdersService/RecordOrderPlaced`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: await bearer('cs.orders.v1.OrdersService', 'RecordOrderPlaced'),
      },
      body: JSON.stringify({
        order_id: 'FUZZ-CONTROL-1',
        customer: { customer_id: 'buyer-1', display_name: '李四' },
        items: [
          { sku: 'MUG-RED', title: '红色马克杯', quantity: 1, unit_price: { amount_minor: '1999', currency: 'CNY' } },
        ],
        address: {
          recipient_name: '李四',
          phone: '13800001111',
          province: '浙江省',
          city: '杭州市',
          street: '文三路1号',
        },
        total: { amountMinor: 1999, currency: 'CNY' },
        placed_at: '2026-11-23T10:00:00+08:00',
      }),
    });
    const body = (await response.json()) as { order?: { version?: unknown; total?: { amountMinor?: unknown } } };
    expect(response.status, JSON.stringify(body)).toBe(200);
    expect(body.order?.total?.amountMinor).toBe('1999');
    expect(typeof body.order?.version).toBe('string');
    const after = await waitFor('the order event on the stream', async () => {
      const now = await snapshot();
      return JSON.stringify(now.streams) !== JSON.stringify(before.streams) && now;
    });
    expect(after.databases).not.toEqual(before.databases);
  });
});
