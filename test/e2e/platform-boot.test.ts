import { allRoleNames } from '@cs/auth';
import { accessTable } from '@cs/contracts';
import { HealthService } from '@cs/contracts/grpc/health/v1/health';
import { createGrpcClient } from '@cs/grpc';
import type { ServiceSpec } from '@cs/service-kit';
import { authAs, type ServiceUnderTest, startServiceUnderTest } from '@cs/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { aftersalesService } from '../../services/aftersales/src/aftersales.service.js';
import { careService } from '../../services/care/src/care.service.js';
import { complaintsService } from '../../services/complaints/src/complaints.service.js';
import { inquiryService } from '../../services/inquiry/src/inquiry.service.js';
import { knowledgeService } from '../../services/knowledge/src/knowledge.service.js';
import { ordersService } from '../../services/orders/src/orders.service.js';

const specs: ServiceSpec[] = [
  inquiryService,
  ordersService,
  aftersalesService,
  complaintsService,
  careService,
  knowledgeService,
];
const running = new Map<string, ServiceUnderTest>();

beforeAll(async () => {
  const infrastructure = { postgresUrl: inject('postgresUrl'), natsUrl: inject('natsUrl') };
  for (const spec of specs) running.set(spec.name, await startServiceUnderTest(spec, infrastructure));
}, 120_000);

afterAll(async () => {
  for (const service of running.values()) await service.close();
});

// Services without RPCs yet (complaints, knowledge) have nothing to guard.
const serving = specs.filter((spec) => spec.grpc.services.length > 0);

describe.each(serving.map((spec) => [spec.name, spec] as const))('%s guards its RPCs', (name, spec) => {
  it('refuses a call without a token (401) and a token without a role the RPC declares (403)', async () => {
    const { httpUrl } = running.get(name)!.service;
    // One RPC of this service and a role it does not admit, from the declarations in proto/.
    const [path, outsider] = Object.entries(accessTable)
      .filter(([rpc]) => spec.grpc.services.some((service) => rpc.startsWith(`/${service}/`)))
      .map(([rpc, rule]) => [rpc, allRoleNames.find((role) => !rule.roles.includes(role))] as const)
      .find(([, role]) => role !== undefined)!;
    const call = (headers: Record<string, string>) =>
      fetch(`${httpUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: '{}',
      });
    const anonymous = await call({});
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { code: string }).code).toBe('unauthenticated');
    const denied = await call(await authAs({ roles: [outsider!], agentId: 'outsider-1' }));
    expect(denied.status).toBe(403);
    expect(((await denied.json()) as { code: string }).code).toBe('permission_denied');
  });
});

describe.each(specs.map((spec) => [spec.name, spec] as const))('%s boots like every other service', (name) => {
  it('answers /healthz, /readyz (database, migrations, NATS) and /metrics', async () => {
    const { httpUrl } = running.get(name)!.service;
    expect((await fetch(`${httpUrl}/healthz`)).status).toBe(200);
    const ready = await fetch(`${httpUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as { checks: unknown }).checks).toMatchObject({
      database: { ok: true },
      migrations: { ok: true },
      nats: { ok: true },
    });
    const metrics = await (await fetch(`${httpUrl}/metrics`)).text();
    expect(metrics).toContain('cs_process_cpu_user_seconds_total');
  });

  it('serves the gRPC health service as SERVING', async () => {
    const health = createGrpcClient(HealthService, running.get(name)!.service.grpcAddress);
    try {
      expect(await health.check({ service: '' })).toEqual({ status: 'SERVING' });
    } finally {
      health.close();
    }
  });

  it('stops cleanly: drains, closes its ports and connections', async () => {
    const sut = running.get(name)!;
    running.delete(name);
    // Stops the service, then drops its database and deletes its streams.
    await sut.close();
    await expect(fetch(`${sut.service.httpUrl}/healthz`)).rejects.toThrow();
  });
});
