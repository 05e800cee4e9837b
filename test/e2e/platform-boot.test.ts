import { HealthService } from '@cs/contracts/grpc/health/v1/health';
import { createGrpcClient } from '@cs/grpc';
import { type ServiceUnderTest, startServiceUnderTest } from '@cs/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { platformServices } from './support/platform-services.js';

const specs = platformServices;
const running = new Map<string, ServiceUnderTest>();

beforeAll(async () => {
  const infrastructure = { postgresUrl: inject('postgresUrl'), natsUrl: inject('natsUrl') };
  for (const spec of specs) running.set(spec.name, await startServiceUnderTest(spec, infrastructure));
}, 120_000);

afterAll(async () => {
  for (const service of running.values()) await service.close();
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
