// orders (the producer) and care (consuming cs.orders.order.placed) as real processes, each on its
// own database, on one subject prefix; restartable, with SQL on their databases.
import {
  createTestDatabase,
  deleteTestStreams,
  type TestDatabase,
  testAuthEnv,
  uniqueSubjectPrefix,
} from '@cs/testing';
import pg from 'pg';
import { ensureServicesBuilt } from '../../e2e/processes/support/build.js';
import {
  freePorts,
  type ServiceProcess,
  spawnServiceProcess,
  waitUntilReady,
} from '../../e2e/processes/support/service-process.js';

export type Name = 'orders' | 'care';

export interface OrdersAndCare {
  subjectPrefix: string;
  start(name: Name): Promise<ServiceProcess>;
  count(name: Name, sql: string, params?: unknown[]): Promise<number>;
  rows<T>(name: Name, sql: string, params?: unknown[]): Promise<T[]>;
}

export async function ordersAndCare(
  postgresUrl: string,
  natsUrl: string,
  env: Record<string, string>,
  cleanups: (() => Promise<unknown>)[],
): Promise<OrdersAndCare> {
  await ensureServicesBuilt(['orders', 'care']);
  const subjectPrefix = uniqueSubjectPrefix();
  cleanups.push(() => deleteTestStreams(natsUrl, subjectPrefix));
  const databases: Record<Name, TestDatabase> = {
    orders: await createTestDatabase(postgresUrl, 'fault_orders'),
    care: await createTestDatabase(postgresUrl, 'fault_care'),
  };
  const clients = {} as Record<Name, pg.Client>;
  for (const name of ['orders', 'care'] as const) {
    cleanups.push(() => databases[name].drop());
    clients[name] = new pg.Client({ connectionString: databases[name].url });
    await clients[name].connect();
    cleanups.push(() => clients[name].end());
  }
  // Same ports on a restart, as a restarted pod keeps its Service address.
  const [ordersHttp, ordersGrpc, careHttp, careGrpc] = (await freePorts(4)) as [number, number, number, number];
  const ports: Record<Name, { httpPort: number; grpcPort: number }> = {
    orders: { httpPort: ordersHttp, grpcPort: ordersGrpc },
    care: { httpPort: careHttp, grpcPort: careGrpc },
  };
  const rows = async <T>(name: Name, sql: string, params: unknown[] = []) =>
    (await clients[name].query(sql, params)).rows as T[];
  return {
    subjectPrefix,
    start: async (name) => {
      const service = spawnServiceProcess({
        name,
        databaseUrl: databases[name].url,
        natsUrl,
        subjectPrefix,
        ...ports[name],
        env: { ...(await testAuthEnv(name)), ...env },
      });
      cleanups.push(() => service.stop());
      await waitUntilReady(service);
      return service;
    },
    rows,
    count: async (name, sql, params = []) => Number((await rows<{ n: string }>(name, sql, params))[0]?.n),
  };
}

/** No request refused for load: the intake limit is for misbehaving callers, not this test's load. */
export const unlimitedIntake = { INTAKE_RATE_PER_SECOND: '1000000', INTAKE_BURST: '1000000' };
