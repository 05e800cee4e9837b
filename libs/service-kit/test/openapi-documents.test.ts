import { readFileSync } from 'node:fs';
import { accessTable, type OpenApiDocument, openApiDocument, openApiServices } from '@cs/contracts';
import { AuditServiceDefinition } from '@cs/contracts/cs/audit/v1/audit_service';
import { ConsentServiceDefinition } from '@cs/contracts/cs/care/v1/campaigns_service';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { describe, expect, it } from 'vitest';
import { GrpcGateway } from '../src/gateway.js';
import { documentValidator } from './openapi-validator.js';

const services = ['aftersales', 'care', 'complaints', 'inquiry', 'knowledge', 'orders'];
const openApiDocuments = Object.fromEntries(services.map((name) => [name, openApiDocument(name)]));
const committed = (name: string): OpenApiDocument =>
  JSON.parse(readFileSync(new URL(`../../../docs/openapi/${name}.json`, import.meta.url), 'utf8'));
// The platform is the shop's own software: it has no licence to state.
const lintConfig = createConfig({ extends: ['recommended-strict'], rules: { 'info-license': 'off' } });
type Operation = { security?: unknown[]; parameters?: { $ref: string }[]; 'x-cs-access'?: { roles: string[] } };
const operations = (document: OpenApiDocument) =>
  Object.entries(document.paths).flatMap(([path, item]) =>
    Object.values(item).map((operation) => [path, operation as Operation] as const),
  );

describe('the generated OpenAPI documents', () => {
  it('one per service, served as committed in docs/openapi, indexed by the gRPC services it describes', () => {
    expect(Object.keys(openApiServices).sort()).toEqual(services);
    for (const name of services) {
      expect(openApiDocument(name), name).toEqual(committed(name));
      expect(openApiServices[name], name).toEqual(committed(name)['x-cs-grpc-services']);
    }
    expect(() => openApiDocument('billing')).toThrow('no OpenAPI document for billing');
  });

  it.each(services)('%s passes the Redocly linter (recommended-strict): a valid OpenAPI 3.1 document', async (name) => {
    const config = await lintConfig;
    const source = readFileSync(new URL(`../../../docs/openapi/${name}.json`, import.meta.url), 'utf8');
    const problems = await lintFromString({ source, absoluteRef: `/docs/openapi/${name}.json`, config });
    expect(problems.map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`)).toEqual([]);
  });

  it('every RPC of the access table, with its roles; commands take the idempotency-key header', () => {
    for (const [rpc, rule] of Object.entries(accessTable)) {
      const owners = services.filter((name) => openApiDocuments[name]!.paths[rpc]);
      expect(owners.length, rpc).toBe(rpc.startsWith('/cs.audit.') ? services.length : 1);
      for (const owner of owners) {
        const operation = openApiDocuments[owner]!.paths[rpc]!.post as Operation;
        expect(operation['x-cs-access']).toMatchObject({ roles: rule.roles, command: rule.command });
        const takesKey = operation.parameters!.some((p) => p.$ref.endsWith('/IdempotencyKey'));
        expect(takesKey, rpc).toBe(rule.command);
        expect(operation.security, rpc).toBeUndefined(); // the document's bearer token
      }
    }
  });

  it('marks exactly the routes that take no token with security: []', () => {
    const anonymous = services.flatMap((name) =>
      operations(openApiDocuments[name]!)
        .filter(([, operation]) => Array.isArray(operation.security) && operation.security.length === 0)
        .map(([path]) => `${name} ${path}`),
    );
    expect(anonymous.sort()).toEqual([
      'aftersales /aftersales/webhooks/courier-status',
      'knowledge /self-service/articles',
      'knowledge /self-service/articles/{articleId}',
    ]);
    for (const name of services) expect(openApiDocuments[name]!.security).toEqual([{ bearerAuth: [] }]);
  });
});

describe('the schemas say proto3 JSON', () => {
  const orders = documentValidator(openApiDocuments.orders);
  const placed = {
    orderId: 'TB1',
    total: { amountMinor: '1999', currency: 'CNY' },
    placedAt: '2026-11-23T02:00:00Z',
    stage: 'FULFILMENT_STAGE_PAID',
    version: '3',
  };

  it('responses: 64-bit integers as strings, enums by name, RFC 3339 timestamps, no unknown field', () => {
    const reply = (order: unknown) => ({ status: 200, body: { order } });
    orders.expectResponse('/cs.orders.v1.OrdersService/GetOrder', reply(placed));
    for (const wrong of [
      { version: 3 },
      { total: { amountMinor: 1999, currency: 'CNY' } },
      { stage: 2 },
      { stage: 'PAID' },
      { placedAt: '23.11.2026' },
      { order_id: 'TB1' },
    ]) {
      expect(() =>
        orders.expectResponse('/cs.orders.v1.OrdersService/GetOrder', reply({ ...placed, ...wrong })),
      ).toThrow();
    }
  });

  it('requests: integers as numbers or strings, fields by JSON or proto name, nothing unknown', () => {
    const path = '/cs.orders.v1.OrdersService/ChangeAddress';
    orders.expectRequest(path, { orderId: 'TB1', expectedVersion: 3, idempotencyKey: 'k' });
    orders.expectRequest(path, { order_id: 'TB1', expected_version: '3', idempotency_key: 'k' });
    orders.expectRequest(path, { orderId: 'TB1', agent: 'a-7' }); // reserved: an older client's field, ignored
    for (const wrong of [{ expectedVersion: 3.5 }, { expectedVersion: '3x' }, { orderId: 5 }, { colour: 'red' }]) {
      expect(() => orders.expectRequest(path, { orderId: 'TB1', ...wrong })).toThrow();
    }
  });

  it('errors: invalid_argument names fields, failed_precondition its rule', () => {
    const path = '/cs.orders.v1.OrdersService/ChangeAddress';
    const fieldViolations = [{ field: 'new_address.street', description: 'is required' }];
    orders.expectResponse(path, { status: 400, body: { code: 'invalid_argument', message: 'm', fieldViolations } });
    orders.expectResponse(path, { status: 400, body: { code: 'failed_precondition', message: 'm', reason: 'r' } });
    expect(() =>
      orders.expectResponse(path, { status: 400, body: { code: 'failed_precondition', message: 'm' } }),
    ).toThrow();
    expect(() =>
      orders.expectResponse(path, { status: 400, body: { code: 'invalid_argument', message: 'm' } }),
    ).toThrow();
    orders.expectResponse(path, { status: 409, body: { code: 'aborted', message: 'changed first' } });
  });
});

describe('GET /openapi.json of a process serving some of the services', () => {
  it('leaves out the RPCs of the gRPC services it does not serve', () => {
    const served = ['cs.care.v1.ConsentService', 'cs.audit.v1.AuditService'];
    const gateway = new GrpcGateway('127.0.0.1:1', [ConsentServiceDefinition, AuditServiceDefinition], 1024);
    try {
      const paths = Object.keys(gateway.openApi()!.paths);
      expect(paths).toContain('/cs.care.v1.ConsentService/RecordConsent');
      expect(paths).toContain('/cs.audit.v1.AuditService/ListAuditRecords');
      expect(paths.filter((p) => p.startsWith('/cs.care.v1.LoyaltyService/'))).toEqual([]);
      expect(gateway.openApi()!['x-cs-grpc-services']).toEqual(served);
      const tags = (gateway.openApi()!.tags as { name: string }[]).map((tag) => tag.name);
      expect(tags).toEqual(['ConsentService', 'AuditService', 'Platform']);
    } finally {
      gateway.close();
    }
  });
});
