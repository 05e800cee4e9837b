import { createTestDatabase, deleteTestStreams, testAuthEnv, uniqueSubjectPrefix } from '@cs/testing';
import { ensureServicesBuilt } from './build.js';
import {
  freePorts,
  type ServiceName,
  type ServiceProcess,
  spawnServiceProcess,
  waitUntilReady,
} from './service-process.js';

/** Undo steps, run in reverse order of registration, whatever got as far as being created. */
export class Cleanups {
  private readonly steps: { what: string; run: () => Promise<unknown> | unknown }[] = [];

  push(step: { what: string; run: () => Promise<unknown> | unknown }): void {
    this.steps.push(step);
  }

  async runAll(): Promise<void> {
    const errors: string[] = [];
    for (const { what, run } of this.steps.reverse()) {
      try {
        await run();
      } catch (error) {
        errors.push(`${what}: ${(error as Error).message}`);
      }
    }
    if (errors.length) throw new Error(`cleanup failed:\n${errors.join('\n')}`);
  }
}

export interface ProcessPlatform {
  subjectPrefix: string;
  natsUrl: string;
  running: Map<ServiceName, ServiceProcess>;
  grpcAddress(name: ServiceName): string;
}

/** What one service gets besides its database, bus, ports and the test issuer: e.g. its peers' gRPC addresses. */
export type ExtraEnv = (
  name: ServiceName,
  grpcAddressOf: (peer: ServiceName) => string,
) => Record<string, string | undefined>;

/**
 * The services as separate OS processes, started as production starts them, each on its own fresh
 * database, all on one fresh subject prefix, each trusting the test issuer. Every step is registered
 * with `cleanups` as it is made, so a failed start leaves nothing behind.
 */
export async function startProcessPlatform(
  services: readonly ServiceName[],
  infrastructure: { postgresUrl: string; natsUrl: string },
  cleanups: Cleanups,
  extraEnv: ExtraEnv = () => ({}),
): Promise<ProcessPlatform> {
  await ensureServicesBuilt(services);
  const subjectPrefix = uniqueSubjectPrefix();
  cleanups.push({
    what: 'delete the JetStream streams',
    run: () => deleteTestStreams(infrastructure.natsUrl, subjectPrefix),
  });

  const ports = await freePorts(services.length * 2);
  const portsOf = (name: ServiceName) => {
    const index = services.indexOf(name);
    return { httpPort: ports[index * 2]!, grpcPort: ports[index * 2 + 1]! };
  };
  const grpcAddressOf = (peer: ServiceName) => `127.0.0.1:${portsOf(peer).grpcPort}`;
  const databases = await Promise.all(
    services.map((name) => createTestDatabase(infrastructure.postgresUrl, `proc_${name}`)),
  );
  for (const database of databases) cleanups.push({ what: `drop ${database.url}`, run: () => database.drop() });

  const running = new Map<ServiceName, ServiceProcess>();
  for (const [index, name] of services.entries()) {
    const service = spawnServiceProcess({
      name,
      databaseUrl: databases[index]!.url,
      natsUrl: infrastructure.natsUrl,
      subjectPrefix,
      ...portsOf(name),
      env: { ...(await testAuthEnv(name)), ...definedOnly(extraEnv(name, grpcAddressOf)) },
    });
    running.set(name, service);
    cleanups.push({ what: `stop ${name}`, run: () => service.stop() });
  }
  // Started together, each waits on its own /readyz; a failure shows the output of the one that failed.
  const readiness = await Promise.allSettled([...running.values()].map((service) => waitUntilReady(service)));
  const failed = readiness.filter((result) => result.status === 'rejected');
  if (failed.length) throw new Error(failed.map((result) => String(result.reason?.message)).join('\n\n'));

  return {
    subjectPrefix,
    natsUrl: infrastructure.natsUrl,
    running,
    grpcAddress: (name) => running.get(name)!.grpcAddress,
  };
}

function definedOnly(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
