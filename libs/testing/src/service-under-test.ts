import { type RunningService, type ServiceSpec, type StartOptions, startService } from '@cs/service-kit';
import { createMigratedTestDatabase } from './template-database.js';
import { type TestDatabase, uniqueSubjectPrefix } from './test-database.js';
import { testAuthEnv } from './test-identity.js';
import { deleteTestStreams } from './test-streams.js';

export interface ServiceUnderTest {
  service: RunningService;
  database: TestDatabase;
  subjectPrefix: string;
  /** Stops the service, drops its database and, when it made up its subject prefix, deletes its streams. */
  close(): Promise<void>;
}

/**
 * Boots a real service in this test process against its own fresh, migrated database and subject
 * prefix, on free ports, exactly as main.ts would.
 */
export async function startServiceUnderTest(
  spec: ServiceSpec,
  infrastructure: { postgresUrl: string; natsUrl: string },
  env: Record<string, string> = {},
  options: StartOptions = {},
): Promise<ServiceUnderTest> {
  // A clone of the service's migrated template: the service then finds no migration pending.
  const database = await createMigratedTestDatabase(infrastructure.postgresUrl, spec);
  // The service that made up the prefix owns its streams and deletes them when it closes; one given
  // a prefix shares it with others, whose owner (or the test) cleans up.
  const ownsPrefix = env.SUBJECT_PREFIX === undefined;
  const subjectPrefix = env.SUBJECT_PREFIX ?? uniqueSubjectPrefix();
  const service = await startService(
    spec,
    {
      DATABASE_URL: database.url,
      NATS_URL: infrastructure.natsUrl,
      SUBJECT_PREFIX: subjectPrefix,
      HTTP_PORT: '0',
      GRPC_PORT: '0',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      ...(await testAuthEnv(spec.name)),
      ...env,
    },
    options,
  );
  return {
    service,
    database,
    subjectPrefix,
    close: async () => {
      await service.stop();
      await database.drop();
      if (ownsPrefix) await deleteTestStreams(infrastructure.natsUrl, subjectPrefix);
    },
  };
}
