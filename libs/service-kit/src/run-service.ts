import { ConfigError, EX_CONFIG, parseConfig, platformConfigSchema } from '@cs/config';
import { ensureDatabaseExists, migrate, openDatabase } from '@cs/persistence';
import { shutdownTelemetry } from '@cs/telemetry';
import type { ServiceSpec } from './service-spec.js';
import { startService } from './start-service.js';
import { releaseStartupMemory } from './startup-memory.js';

/**
 * The process entry of every service (dist/main.bundle.js): with no argument it serves; `migrate` creates the database
 * if missing, applies migrations and exits (the Kubernetes migration Job).
 */
export async function runService(spec: ServiceSpec): Promise<void> {
  try {
    if (process.argv[2] === 'migrate') {
      await migrateOnly(spec);
      process.exit(0);
    }
    const running = await startService(spec);
    const released = releaseStartupMemory();
    running.logger.info(
      {
        heapTotalMiB: [released.heapTotalBeforeBytes, released.heapTotalAfterBytes].map(mebibytes),
        rssMiB: [released.rssBeforeBytes, released.rssAfterBytes].map(mebibytes),
        bytecodeMiB: [released.bytecodeBeforeBytes, released.bytecodeAfterBytes].map(mebibytes),
        tookMs: Math.round(released.tookMs),
      },
      'released start-up memory',
    );
    const shutdown = (signal: string) => {
      running.logger.info({ signal }, 'shutting down: draining requests and messages');
      setTimeout(() => {
        running.logger.error('drain exceeded SHUTDOWN_GRACE_MS; exiting');
        process.exit(1);
      }, running.config.shutdownGraceMs).unref();
      running
        .stop()
        .then(() => shutdownTelemetry())
        .then(
          () => process.exit(0),
          (error) => {
            running.logger.error({ err: error }, 'shutdown failed');
            process.exit(1);
          },
        );
    };
    process.once('SIGTERM', () => shutdown('SIGTERM'));
    process.once('SIGINT', () => shutdown('SIGINT'));
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(EX_CONFIG);
    }
    process.stderr.write(`${spec.name} failed to start: ${(error as Error).stack ?? error}\n`);
    process.exit(1);
  }
}

const mebibytes = (bytes: number) => Math.round(bytes / 2 ** 20);

async function migrateOnly(spec: ServiceSpec): Promise<void> {
  const config = parseConfig(spec.configSchema?.(spec) ?? platformConfigSchema(spec), process.env);
  await ensureDatabaseExists(config.databaseUrl);
  const orm = await openDatabase({ url: config.databaseUrl, entities: spec.entities, migrations: spec.migrations });
  try {
    const applied = await migrate(orm);
    process.stdout.write(`${JSON.stringify({ service: spec.name, msg: 'migrated', applied })}\n`);
  } finally {
    await orm.close();
  }
}
