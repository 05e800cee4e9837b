import { allRoleNames } from '@cs/auth';
import { accessTable } from '@cs/contracts';
import { type ServiceUnderTest, startServiceUnderTest, tokenFor } from '@cs/testing';
import { Client, credentials, Metadata, type ServiceError, status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { platformServices } from './support/platform-services.js';

// Every RPC declared in proto/ × every role, from the generated access table: a new RPC is in the
// matrix the moment it is declared, and an RPC no service serves fails it.
const specs = platformServices;
const rpcPaths = Object.keys(accessTable).sort();
const guardDenial = /may be called by/;

const running = new Map<string, ServiceUnderTest>();
const tokens = new Map<string, string>();

beforeAll(async () => {
  const infrastructure = { postgresUrl: inject('postgresUrl'), natsUrl: inject('natsUrl') };
  for (const spec of specs) running.set(spec.name, await startServiceUnderTest(spec, infrastructure));
  for (const role of allRoleNames)
    tokens.set(role, await tokenFor({ roles: [role], agentId: `matrix-${role}`, name: role }));
}, 120_000);

afterAll(async () => {
  for (const service of running.values()) await service.close();
});

/** The services serving an RPC: one for a desk's own RPCs, all of them for platform-wide ones (the audit trail). */
function serversOf(path: string): ServiceUnderTest[] {
  const service = path.split('/')[1]!;
  const owners = [...running.values()].filter((sut) => sut.service.servedGrpcServices.includes(service));
  if (owners.length === 0) throw new Error(`no service serves ${service}`);
  return owners;
}

/** The call's status, made with an empty request: the guard decides before any field is read. */
function callGrpc(address: string, path: string, token: string): Promise<ServiceError | undefined> {
  const client = new Client(address, credentials.createInsecure());
  const metadata = new Metadata();
  metadata.set('authorization', `Bearer ${token}`);
  return new Promise((resolve) => {
    client.makeUnaryRequest(
      path,
      () => Buffer.alloc(0),
      (bytes: Buffer) => bytes,
      {},
      metadata,
      { deadline: new Date(Date.now() + 10_000) },
      (error) => {
        client.close();
        resolve(error ?? undefined);
      },
    );
  });
}

describe('every RPC admits exactly the roles its proto declaration names', () => {
  it('covers every declared RPC, each served by a service', () => {
    expect(rpcPaths.length).toBeGreaterThan(80);
    for (const path of rpcPaths) expect(() => serversOf(path), path).not.toThrow();
  });

  it.each(rpcPaths)(
    '%s over gRPC: declared roles pass the guard, every other role gets PERMISSION_DENIED',
    async (path) => {
      const rule = accessTable[path]!;
      for (const [
        role,
        {
          service: { grpcAddress },
        },
      ] of allRoleNames.flatMap((r) => serversOf(path).map((s) => [r, s] as const))) {
        const error = await callGrpc(grpcAddress, path, tokens.get(role)!);
        const deniedByRole = error?.code === status.PERMISSION_DENIED && guardDenial.test(error.details);
        expect(deniedByRole, `${role} on ${path}: ${error?.code} ${error?.details}`).toBe(!rule.roles.includes(role));
        if (!rule.roles.includes(role)) expect(error?.details).toContain(role);
      }
    },
  );

  it.each(rpcPaths)('%s over HTTP: 403 for undeclared roles, never 401 with a valid token', async (path) => {
    const rule = accessTable[path]!;
    for (const [
      role,
      {
        service: { httpUrl },
      },
    ] of allRoleNames.flatMap((r) => serversOf(path).map((s) => [r, s] as const))) {
      const response = await fetch(`${httpUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.get(role)}` },
        body: '{}',
      });
      const body = (await response.json()) as { code?: string; message?: string };
      const deniedByRole = response.status === 403 && guardDenial.test(body.message ?? '');
      expect(deniedByRole, `${role} on ${path}: ${response.status} ${body.message}`).toBe(!rule.roles.includes(role));
      expect(response.status).not.toBe(401);
    }
  });
});
