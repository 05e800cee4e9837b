/**
 * Where the integration tests find PostgreSQL and NATS: the URLs in DATABASE_URL / NATS_URL
 * when set (CI and developer machines here), else containers started by Testcontainers
 * when a Docker engine answers, else a clear error saying how to provide them.
 */
export interface Infrastructure {
  /** A PostgreSQL URL whose server the tests create their databases on. */
  postgresUrl: string;
  natsUrl: string;
  /** Stops containers this process started; a no-op for servers given by URL. */
  stop(): Promise<void>;
}

export class MissingInfrastructureError extends Error {
  constructor(cause: unknown) {
    super(
      'Integration tests need PostgreSQL and NATS JetStream. Set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/postgres) ' +
        'and NATS_URL (e.g. nats://127.0.0.1:4222), or run where a Docker engine is available so Testcontainers can start them. ' +
        `Testcontainers said: ${cause instanceof Error ? cause.message : String(cause)}`,
    );
  }
}

export async function provideInfrastructure(env: NodeJS.ProcessEnv = process.env): Promise<Infrastructure> {
  if (env.DATABASE_URL && env.NATS_URL) {
    return { postgresUrl: env.DATABASE_URL, natsUrl: env.NATS_URL, stop: async () => {} };
  }
  try {
    return await startContainers(env);
  } catch (error) {
    throw new MissingInfrastructureError(error);
  }
}

async function startContainers(env: NodeJS.ProcessEnv): Promise<Infrastructure> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const postgres = env.DATABASE_URL
    ? undefined
    : await new PostgreSqlContainer('postgres:18-alpine')
        .withCommand(['postgres', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'max_connections=400'])
        .start();
  const nats = env.NATS_URL
    ? undefined
    : await new GenericContainer('nats:2.11-alpine')
        .withCommand(['-js'])
        .withExposedPorts(4222)
        .withWaitStrategy(Wait.forLogMessage(/Server is ready/))
        .start();
  return {
    postgresUrl: env.DATABASE_URL ?? (postgres?.getConnectionUri() as string),
    natsUrl: env.NATS_URL ?? `nats://${nats?.getHost()}:${nats?.getMappedPort(4222)}`,
    stop: async () => {
      await Promise.all([postgres?.stop(), nats?.stop()]);
    },
  };
}
