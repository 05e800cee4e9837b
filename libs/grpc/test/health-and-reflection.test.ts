import { FileDescriptorProto } from '@cs/contracts/google/protobuf/descriptor';
import {
  type HealthCheckResponse,
  HealthService,
  HealthCheckResponse_ServingStatus as ServingStatus,
} from '@cs/contracts/grpc/health/v1/health';
import { type ServerReflectionResponse, ServerReflectionService } from '@cs/contracts/grpc/reflection/v1/reflection';
import {
  type ClientDuplexStream,
  type ClientReadableStream,
  credentials,
  makeGenericClientConstructor,
  Server,
  ServerCredentials,
  type ServiceDefinition,
  status,
} from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGrpcClient } from '../src/client-factory.js';
import type { HealthStatuses } from '../src/health.service.js';
import { addHealthAndReflection, setServing } from '../src/health-and-reflection.js';
import { ServerReflectionV1AlphaService } from '../src/reflection.service.js';

const served = ['cs.orders.v1.OrdersService'];
let server: Server;
let address: string;
let health: HealthStatuses;

beforeAll(async () => {
  server = new Server();
  health = addHealthAndReflection(server, served);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, p) =>
      error ? reject(error) : resolve(p),
    ),
  );
  address = `127.0.0.1:${port}`;
});
afterAll(() => server.forceShutdown());

/** The first message a server-streaming or bidi call sends back. */
function nextMessage<T>(call: ClientReadableStream<T> | ClientDuplexStream<unknown, T>): Promise<T> {
  return new Promise((resolve, reject) => {
    call.once('data', resolve);
    call.once('error', reject);
  });
}

function rawClient(definition: ServiceDefinition) {
  const Client = makeGenericClientConstructor(definition, '');
  return new Client(address, credentials.createInsecure()) as unknown as Record<string, (...args: unknown[]) => never>;
}

describe('grpc.health.v1.Health over the wire', () => {
  it('answers Check NOT_SERVING until started, SERVING after, and NOT_FOUND for an unknown service', async () => {
    const client = createGrpcClient(HealthService, address);
    try {
      expect(await client.check({ service: '' })).toEqual({ status: ServingStatus.NOT_SERVING });
      setServing(health, served, true);
      expect(await client.check({ service: 'cs.orders.v1.OrdersService' })).toEqual({ status: ServingStatus.SERVING });
      await expect(client.check({ service: 'cs.nope.v1.Nothing' })).rejects.toMatchObject({ code: status.NOT_FOUND });
      const listed = await client.list({});
      expect(Object.keys(listed.statuses).sort()).toEqual(['', 'cs.orders.v1.OrdersService']);
    } finally {
      client.close();
    }
  });

  it('streams the current status on Watch, then each change', async () => {
    setServing(health, served, true);
    const client = rawClient(HealthService);
    const call = client.watch!({ service: '' }) as ClientReadableStream<HealthCheckResponse>;
    const seen: ServingStatus[] = [];
    const three = new Promise<void>((resolve) =>
      call.on('data', (message: HealthCheckResponse) => {
        seen.push(message.status);
        if (seen.length === 1) setServing(health, served, false);
        if (seen.length === 2) setServing(health, served, true);
        if (seen.length === 3) resolve();
      }),
    );
    call.on('error', () => {});
    await three;
    call.cancel();
    expect(seen).toEqual([ServingStatus.SERVING, ServingStatus.NOT_SERVING, ServingStatus.SERVING]);
  });

  it('answers Watch of an unregistered service with SERVICE_UNKNOWN', async () => {
    const call = rawClient(HealthService).watch!({
      service: 'cs.nope.v1.Nothing',
    }) as ClientReadableStream<HealthCheckResponse>;
    call.on('error', () => {});
    expect((await nextMessage(call)).status).toBe(ServingStatus.SERVICE_UNKNOWN);
    call.cancel();
  });
});

describe('server reflection over the wire, v1 and v1alpha', () => {
  for (const [version, definition] of [
    ['v1', ServerReflectionService],
    ['v1alpha', ServerReflectionV1AlphaService],
  ] as const) {
    it(`${version}: lists the services and returns a symbol's file with its imports`, async () => {
      const call = rawClient(definition).serverReflectionInfo!() as ClientDuplexStream<
        unknown,
        ServerReflectionResponse
      >;
      call.on('error', () => {});
      call.write({ host: '', listServices: '' });
      const listed = await nextMessage(call);
      expect(listed.listServicesResponse?.service.map((s) => s.name)).toEqual([...served, 'grpc.health.v1.Health']);
      call.write({ host: '', fileContainingSymbol: 'cs.orders.v1.OrdersService.ChangeAddress' });
      const file = await nextMessage(call);
      const names = file.fileDescriptorResponse?.fileDescriptorProto.map(
        (bytes) => FileDescriptorProto.decode(bytes).name,
      );
      expect(names?.[0]).toBe('cs/orders/v1/orders_service.proto');
      expect(names).toContain('google/protobuf/timestamp.proto');
      call.end();
    });
  }
});
