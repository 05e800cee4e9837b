import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type OpenApiDocument, serviceRoutes } from '@cs/contracts';
import { type ServiceUnderTest, startServiceUnderTest, tokenFor } from '@cs/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { documentValidator, type HttpReply } from '../../libs/service-kit/test/openapi-validator.js';
import { platformServices } from './support/platform-services.js';

// Each service's GET /openapi.json, checked against the running service: it describes every RPC
// and route the service serves, and real responses (a success and errors) match its schemas.
const specs = platformServices;
const running = new Map<string, ServiceUnderTest>();
const customer = { customerId: 'buyer-openapi', displayName: '李四' };

/** One RPC per service that writes and returns a record, called by a role it admits. */
const calls: Record<string, { path: string; roles: string[]; body: () => Record<string, unknown> }> = {
  inquiry: {
    path: '/cs.inquiry.v1.ConversationsService/IngestMessage',
    roles: ['service'],
    body: () => ({
      channel: 'CHANNEL_WECHAT',
      channelMessageId: randomUUID(),
      customer,
      body: '杯子什么时候发货？',
      sentAt: '2026-11-23T02:00:00+08:00',
    }),
  },
  orders: {
    path: '/cs.orders.v1.OrdersService/RecordOrderPlaced',
    roles: ['service'],
    // 64-bit integers as a JSON number (unitPrice) and as a string (total): both accepted.
    body: () => ({
      order_id: `TB-${randomUUID()}`,
      customer,
      items: [{ sku: 'MUG-RED', title: '红色马克杯', quantity: 2, unitPrice: { amountMinor: 1999, currency: 'CNY' } }],
      address: { recipientName: '李四', phone: '13800001111', province: '浙江省', city: '杭州市', street: '文三路1号' },
      total: { amountMinor: '3998', currency: 'CNY' },
      placedAt: '2026-11-23T02:00:00Z',
    }),
  },
  aftersales: {
    path: '/cs.aftersales.v1.ReviewsService/RecordReview',
    roles: ['service'],
    body: () => ({
      reviewId: randomUUID(),
      orderId: 'TB1001',
      customer,
      rating: 'REVIEW_RATING_BAD',
      cause: 'REVIEW_CAUSE_LOGISTICS',
      text: '快递太慢',
      reviewedAt: '2026-11-23T02:00:00Z',
    }),
  },
  complaints: {
    path: '/cs.complaints.v1.ComplaintsService/OpenComplaint',
    roles: ['complaints-handler'],
    body: () => ({
      source: 'COMPLAINT_SOURCE_DIRECT',
      customer,
      orderIds: ['TB1001'],
      description: '收到的杯子有裂纹',
      claimedNature: 'COMPLAINT_NATURE_PRODUCT_QUALITY',
      idempotencyKey: randomUUID(),
    }),
  },
  care: {
    path: '/cs.care.v1.ConsentService/RecordConsent',
    roles: ['care-agent'],
    body: () => ({
      customer_id: `buyer-${randomUUID()}`,
      channel: 'CHANNEL_SMS',
      address: '13800001111',
      marketingConsent: true,
      idempotencyKey: randomUUID(),
    }),
  },
  knowledge: {
    path: '/cs.knowledge.v1.ArticlesService/CreateArticle',
    roles: ['knowledge-editor'],
    body: () => ({
      kind: 'ARTICLE_KIND_FAQ',
      locale: 'zh-CN',
      content: { title: '退货运费谁出？', body: '质量问题由店铺承担。', category: '退换货', public: true },
      idempotencyKey: randomUUID(),
    }),
  },
};

beforeAll(async () => {
  const infrastructure = { postgresUrl: inject('postgresUrl'), natsUrl: inject('natsUrl') };
  const started = await Promise.all(specs.map((spec) => startServiceUnderTest(spec, infrastructure)));
  for (const sut of started) running.set(sut.service.config.serviceName, sut);
}, 120_000);

afterAll(async () => {
  await Promise.all([...running.values()].map((sut) => sut.close()));
});

async function call(name: string, path: string, body: unknown, roles?: string[]): Promise<HttpReply> {
  const token = roles ? await tokenFor({ roles, agentId: `openapi-${roles.join('+')}`, name: '张三' }) : undefined;
  const response = await fetch(`${running.get(name)!.service.httpUrl}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

/** The routes the service's HTTP server has, as the document spells paths (`{param}`). */
function servedRoutes(sut: ServiceUnderTest): string[] {
  const express = sut.service.app.getHttpAdapter().getInstance() as {
    router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] };
  };
  return express.router.stack.flatMap((layer) =>
    layer.route
      ? Object.keys(layer.route.methods).map((m) => `${m} ${layer.route!.path.replace(/:(\w+)/g, '{$1}')}`)
      : [],
  );
}

describe.each(specs.map((spec) => [spec.name, spec] as const))('%s: GET /openapi.json', (name, spec) => {
  it('is one OpenAPI 3.1 document, the one in docs/openapi, describing every RPC and route served', async () => {
    const served = await call(name, '/openapi.json', undefined, ['integrator']);
    expect(served.status).toBe(200);
    const document = served.body as OpenApiDocument;
    expect(document.openapi).toBe('3.1.0');
    expect(document).toEqual(JSON.parse(readFileSync(`docs/openapi/${name}.json`, 'utf8')));
    expect((document.servers as { url: string }[]).map((s) => s.url)).toContain(`http://127.0.0.1:${spec.httpPort}`);

    const sut = running.get(name)!;
    const rpcs = sut.service.servedGrpcServices.flatMap((service) =>
      Object.keys(serviceRoutes[service as keyof typeof serviceRoutes]).map((method) => `post /${service}/${method}`),
    );
    const routes = servedRoutes(sut).filter(
      // The gateway's route stands for the RPCs; probes and metrics are for the orchestrator.
      (route) => !['post /{service}/{method}', 'get /healthz', 'get /readyz', 'get /metrics'].includes(route),
    );
    const described = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.keys(item).map((m) => `${m} ${path}`),
    );
    expect(described.sort()).toEqual([...rpcs, ...routes].sort());
  });

  it('a real success and real errors of one RPC match its schemas', async () => {
    const validator = documentValidator((await call(name, '/openapi.json', undefined, ['integrator'])).body);
    const { path, roles, body } = calls[name]!;
    const request = body();
    validator.expectRequest(path, request);

    const ok = await call(name, path, request, roles);
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    validator.expectResponse(path, ok);

    const [field] = Object.keys(request);
    const badInput = await call(name, path, { ...request, [field!]: { not: 'this' } }, roles);
    expect(badInput.body).toMatchObject({ code: 'invalid_argument', fieldViolations: [expect.anything()] });
    validator.expectResponse(path, badInput);

    const anonymous = await call(name, path, request);
    expect(anonymous.status).toBe(401);
    validator.expectResponse(path, anonymous);

    const wrongRole = await call(name, path, request, ['warehouse-staff']);
    expect(wrongRole.status).toBe(403);
    validator.expectResponse(path, wrongRole);
  });
});

describe('business errors match the documents', () => {
  it('knowledge: a rule refusal names the rule; the self-service routes (no token) answer as documented', async () => {
    const validator = documentValidator((await call('knowledge', '/openapi.json', undefined, ['integrator'])).body);
    const created = await call('knowledge', calls.knowledge!.path, calls.knowledge!.body(), ['knowledge-editor']);
    const { articleId } = (created.body as { article: { articleId: string } }).article;
    const path = '/cs.knowledge.v1.ArticlesService/ApproveVersion';
    const approve = () => ({ articleId, version: 1, idempotencyKey: randomUUID() });
    validator.expectRequest(path, approve());
    const refused = await call('knowledge', path, approve(), ['knowledge-reviewer']);
    expect(refused.body).toMatchObject({ code: 'failed_precondition', reason: expect.any(String) });
    validator.expectResponse(path, refused);

    const submit = { article_id: articleId, version: '1', idempotency_key: randomUUID() };
    const submitted = await call('knowledge', '/cs.knowledge.v1.ArticlesService/SubmitForReview', submit, [
      'knowledge-editor',
    ]);
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    const approved = await call('knowledge', path, approve(), ['knowledge-reviewer']);
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    validator.expectResponse(path, approved);

    const article = await call('knowledge', `/self-service/articles/${articleId}`, undefined);
    expect(article.body).toMatchObject({ articleId, version: 1 });
    validator.expectResponse('/self-service/articles/{articleId}', article);
    const search = await call('knowledge', `/self-service/articles?q=${encodeURIComponent('退货运费')}`, undefined);
    expect(search.status).toBe(200);
    validator.expectResponse('/self-service/articles', search);
    const missing = await call('knowledge', `/self-service/articles/${randomUUID()}`, undefined);
    expect(missing.status).toBe(404);
    validator.expectResponse('/self-service/articles/{articleId}', missing);
  });

  it('not_found (orders: an unknown order)', async () => {
    const validator = documentValidator((await call('orders', '/openapi.json', undefined, ['integrator'])).body);
    const path = '/cs.orders.v1.OrdersService/GetOrder';
    const missing = await call('orders', path, { orderId: `TB-${randomUUID()}` }, ['order-desk-clerk']);
    expect(missing.status).toBe(404);
    validator.expectResponse(path, missing);
  });
});
