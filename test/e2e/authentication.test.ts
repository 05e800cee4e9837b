import { randomUUID } from 'node:crypto';
import { PrivacyServiceService } from '@cs/contracts/cs/care/v1/privacy_service';
import { StockServiceService } from '@cs/contracts/cs/orders/v1/stock_service';
import { createGrpcClient } from '@cs/grpc';
import { type ServiceUnderTest, startServiceUnderTest, testIssuer, tokenFor } from '@cs/testing';
import { type ServiceError, status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { careService } from '../../services/care/src/care.service.js';
import { ordersService } from '../../services/orders/src/orders.service.js';

// The edge every service shares (libs/auth + libs/service-kit), shown on care and orders.
let care: ServiceUnderTest;
let orders: ServiceUnderTest;
const admin = { roles: ['platform-admin'], agentId: 'admin-1' };

beforeAll(async () => {
  const infrastructure = { postgresUrl: inject('postgresUrl'), natsUrl: inject('natsUrl') };
  care = await startServiceUnderTest(careService, infrastructure, { CORS_ORIGINS: 'https://console.shop.example' });
  orders = await startServiceUnderTest(ordersService, infrastructure, {
    INTAKE_RATE_PER_SECOND: '1',
    INTAKE_BURST: '3',
    MAX_REQUEST_BYTES: '65536',
  });
}, 60_000);
afterAll(async () => {
  await care?.close();
  await orders?.close();
});

const erase = { customerId: 'buyer-1', reason: 'test', idempotencyKey: 'k' };
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: ServiceError) => error,
  );

async function grpcWith(authorization?: string) {
  const client = createGrpcClient(PrivacyServiceService, care.service.grpcAddress);
  try {
    return await failure(
      client.eraseCustomer(
        { ...erase, idempotencyKey: randomUUID() },
        { metadata: authorization ? { authorization } : {} },
      ),
    );
  } finally {
    client.close();
  }
}

async function httpWith(authorization?: string) {
  const response = await fetch(`${care.service.httpUrl}/cs.care.v1.PrivacyService/EraseCustomer`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify({ ...erase, idempotencyKey: randomUUID() }),
  });
  return { status: response.status, body: (await response.json()) as { code: string; message: string } };
}

describe('a call without a valid bearer token is refused with UNAUTHENTICATED / 401 saying what is wrong', () => {
  const cases: [string, () => Promise<string | undefined>, RegExp][] = [
    ['no token', async () => undefined, /no bearer token/],
    ['not a bearer scheme', async () => `Basic ${Buffer.from('admin:admin').toString('base64')}`, /Bearer <token>/],
    ['an expired token', async () => `Bearer ${await tokenFor(admin, { expiresIn: '-10m' })}`, /token expired/],
    [
      'a token for another audience',
      async () =>
        `Bearer ${await (await testIssuer()).sign({ sub: 'a', roles: ['platform-admin'] }, { audience: 'billing' })}`,
      /wrong audience/,
    ],
    [
      'a token of another issuer',
      async () =>
        `Bearer ${await (await testIssuer()).sign({ sub: 'a', roles: ['platform-admin'] }, { issuer: 'https://idp.evil.example' })}`,
      /wrong issuer/,
    ],
    [
      'a tampered token (roles raised)',
      async () => {
        const [h, p, s] = (await tokenFor({ roles: ['care-agent'], agentId: 'c-1' })).split('.');
        const raised = Buffer.from(
          JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), roles: ['platform-admin'] }),
        ).toString('base64url');
        return `Bearer ${h}.${raised}.${s}`;
      },
      /signature is invalid/,
    ],
  ];

  it.each(cases)('gRPC, %s', async (_, authorization, message) => {
    const error = await grpcWith(await authorization());
    expect(error?.code).toBe(status.UNAUTHENTICATED);
    expect(error?.details).toMatch(message);
    expect(error?.details).not.toMatch(/\n\s+at /);
  });

  it.each(cases)('HTTP, %s', async (_, authorization, message) => {
    const { status: code, body } = await httpWith(await authorization());
    expect(code).toBe(401);
    expect(body.code).toBe('unauthenticated');
    expect(body.message).toMatch(message);
  });

  it('the same call with a valid admin token goes through, on both protocols', async () => {
    const authorization = `Bearer ${await tokenFor(admin)}`;
    expect(await grpcWith(authorization)).toBeUndefined();
    expect((await httpWith(authorization)).status).toBe(200);
  });
});

describe('what needs no token, and what does', () => {
  it('health, readiness and metrics answer without a token (probes and Prometheus carry none)', async () => {
    for (const path of ['/healthz', '/readyz', '/metrics']) {
      expect((await fetch(`${care.service.httpUrl}${path}`)).status, path).toBe(200);
    }
  });

  it('the OpenAPI document needs a token like the API it describes', async () => {
    expect((await fetch(`${care.service.httpUrl}/openapi.json`)).status).toBe(401);
    const withToken = await fetch(`${care.service.httpUrl}/openapi.json`, {
      headers: { authorization: `Bearer ${await tokenFor({ roles: ['integrator'] })}` },
    });
    expect(withToken.status).toBe(200);
  });
});

describe('CORS is closed unless the shop names its console origins', () => {
  const preflight = (service: ServiceUnderTest, origin: string) =>
    fetch(`${service.service.httpUrl}/cs.care.v1.PrivacyService/EraseCustomer`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' },
    });

  it('a browser on an unlisted origin gets no Access-Control-Allow-Origin', async () => {
    expect((await preflight(orders, 'https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
    expect((await preflight(care, 'https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('the configured console origin is allowed', async () => {
    const response = await preflight(care, 'https://console.shop.example');
    expect(response.headers.get('access-control-allow-origin')).toBe('https://console.shop.example');
  });
});

describe('request size and intake rate are bounded per caller', () => {
  const level = (sku: string) => ({ sku, units: 50, reportedAt: { seconds: Math.floor(Date.now() / 1000), nanos: 0 } });

  it('an intake caller over its burst gets RESOURCE_EXHAUSTED; another caller is not slowed by it', async () => {
    const connector = createGrpcClient(StockServiceService, orders.service.grpcAddress, {
      bearer: () => tokenFor({ roles: ['service'], agentId: 'service:platform-connector' }),
    });
    const other = createGrpcClient(StockServiceService, orders.service.grpcAddress, {
      bearer: () => tokenFor({ roles: ['service'], agentId: 'service:other-connector' }),
    });
    try {
      const outcomes = [];
      for (let i = 0; i < 6; i++)
        outcomes.push((await failure(connector.recordStockLevel(level(`SKU-${i}`))))?.code ?? 'ok');
      expect(outcomes.slice(0, 3)).toEqual(['ok', 'ok', 'ok']);
      expect(outcomes.slice(3)).toContain(status.RESOURCE_EXHAUSTED);
      expect(await failure(other.recordStockLevel(level('SKU-OTHER')))).toBeUndefined();
    } finally {
      connector.close();
      other.close();
    }
  });

  it('over HTTP the same limit answers 429', async () => {
    const token = await tokenFor({ roles: ['service'], agentId: 'service:http-connector' });
    const codes = [];
    for (let i = 0; i < 6; i++) {
      const response = await fetch(`${orders.service.httpUrl}/cs.orders.v1.StockService/RecordStockLevel`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ sku: `H-${i}`, units: 50, reportedAt: new Date().toISOString() }),
      });
      codes.push(response.status);
    }
    expect(codes.slice(0, 3)).toEqual([200, 200, 200]);
    expect(codes).toContain(429);
  });

  it('a request over MAX_REQUEST_BYTES is refused: RESOURCE_EXHAUSTED over gRPC, 413 over HTTP', async () => {
    const token = await tokenFor({ roles: ['service'], agentId: 'service:big-sender' });
    const client = createGrpcClient(StockServiceService, orders.service.grpcAddress, { bearer: async () => token });
    try {
      const error = await failure(client.recordStockLevel({ ...level('x'), sku: 'x'.repeat(100_000) }));
      expect(error?.code).toBe(status.RESOURCE_EXHAUSTED);
    } finally {
      client.close();
    }
    const response = await fetch(`${orders.service.httpUrl}/cs.orders.v1.StockService/RecordStockLevel`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ sku: 'x'.repeat(100_000), units: 1 }),
    });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { code: string }).code).toBe('resource_exhausted');
  });
});
