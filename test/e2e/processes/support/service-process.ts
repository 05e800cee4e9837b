import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '@cs/testing';
import { freePort } from '../../../../scripts/infra/net.mjs';
import { resolvePostgresTarget } from '../../../../scripts/infra/postgres.mjs';
import {
  type ExitResult,
  forEachLine,
  type OwnedChild,
  signalGroup,
  spawnOwned,
  stopOwned,
} from '../../../../scripts/infra/processes.mjs';
import { SERVICES, type ServiceSpec, serviceArgs, serviceEnv } from '../../../../scripts/infra/services.mjs';
import { repoRoot } from './build.js';

export type ServiceName = ServiceSpec['name'];

/** One service running as its own OS process, the way scripts/start.mjs and the container image run it. */
export interface ServiceProcess {
  name: ServiceName;
  pid: number;
  httpUrl: string;
  grpcAddress: string;
  /** The last lines it wrote to stdout and stderr. */
  tail(): string;
  /** Whether it has exited (on its own or after stop()). */
  exited(): boolean;
  /** SIGTERM to its process group, SIGKILL after the grace; resolves once it has exited. */
  stop(): Promise<ExitResult & { forced: boolean }>;
}

export interface ServiceProcessOptions {
  name: ServiceName;
  /** Its own database (createTestDatabase). */
  databaseUrl: string;
  natsUrl: string;
  subjectPrefix: string;
  httpPort: number;
  grpcPort: number;
  /** The service's own variables (ORDERS_GRPC_ADDRESS, OTEL_…). */
  env?: Record<string, string>;
}

/** What a child may inherit from the test process: nothing of Vitest's, no stray telemetry settings or --require hooks. */
function inheritedEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(VITEST|OTEL_|NODE_OPTIONS$|NODE_ENV$|TEST$|SUBJECT_PREFIX$|HTTP_PORT$|GRPC_PORT$)/.test(key)) continue;
    env[key] = value;
  }
  return env;
}

/** Node 24 for the services, as start.mjs picks it: this one when it is 24+, else the pinned one from node_modules. */
function nodeBinary(): string {
  if (Number(process.versions.node.split('.')[0]) >= 24) return process.execPath;
  const pinned = join(repoRoot, 'node_modules', '.bin', 'node');
  return existsSync(pinned) ? pinned : process.execPath;
}

/** Two free ports per service, picked before any starts (inquiry must know where orders will listen). */
export async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

const TAIL_LINES = 60;
const STOP_GRACE_MS = 5_000;
/** Every child still running, killed outright if the test process exits without its afterAll. */
const live = new Set<OwnedChild>();
process.once('exit', () => {
  for (const child of live) signalGroup(child, 'SIGKILL');
});

/**
 * Spawns `node --enable-source-maps --import @cs/telemetry/register services/<name>/dist/main.bundle.js`
 * (serviceArgs) with serviceEnv's environment for this service, its own database, the shared subject
 * prefix and the given ports. Does not wait: see waitUntilReady.
 */
export function spawnServiceProcess(options: ServiceProcessOptions): ServiceProcess {
  const spec = SERVICES.find((service) => service.name === options.name);
  if (!spec) throw new Error(`unknown service ${options.name}`);
  const ported = { ...spec, httpPort: options.httpPort, grpcPort: options.grpcPort };
  const env = {
    ...serviceEnv(ported, {
      baseEnv: {
        ...inheritedEnv(),
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
        SHUTDOWN_GRACE_MS: String(STOP_GRACE_MS),
        NODE_ENV: 'production',
        // care refuses its development opt-out key in production (campaigns.config.ts).
        CARE_OPT_OUT_SECRET: 'care-opt-out-e2e',
      },
      postgresTarget: resolvePostgresTarget({ CS_POSTGRES_URL: options.databaseUrl }),
      natsUrl: options.natsUrl,
    }),
    // serviceEnv names the database cs_<service>; this test gives each service a fresh one.
    DATABASE_URL: options.databaseUrl,
    SUBJECT_PREFIX: options.subjectPrefix,
    ...options.env,
  };
  const child = spawnOwned(nodeBinary(), serviceArgs(ported), { cwd: repoRoot, env });
  live.add(child);
  child.exited.then(() => live.delete(child));
  const lines: string[] = [];
  const remember = (stream: string) => (line: string) => {
    lines.push(`${stream}: ${line}`);
    if (lines.length > TAIL_LINES) lines.shift();
  };
  forEachLine(child.stdout, remember('stdout'));
  forEachLine(child.stderr, remember('stderr'));
  let exitResult: ExitResult | undefined;
  child.exited.then((result) => {
    exitResult = result;
  });
  let stopping: Promise<ExitResult & { forced: boolean }> | undefined;
  return {
    name: options.name,
    pid: child.pid ?? -1,
    httpUrl: `http://127.0.0.1:${options.httpPort}`,
    grpcAddress: `127.0.0.1:${options.grpcPort}`,
    tail: () => lines.join('\n'),
    exited: () => exitResult !== undefined,
    stop: () => {
      stopping ??= stopOwned(child, { signal: 'SIGTERM', graceMs: STOP_GRACE_MS + 3_000 });
      return stopping;
    },
  };
}

/**
 * Waits until GET /readyz answers 200 (database, migrations, NATS). When the process exits first or
 * the deadline passes, fails with its last output, so a failure to start is diagnosable.
 */
export async function waitUntilReady(service: ServiceProcess, timeoutMs = 60_000): Promise<void> {
  let lastAnswer = 'no answer yet';
  let outcome: 'ready' | 'exited';
  try {
    outcome = await waitFor(
      `${service.name} /readyz`,
      async () => {
        if (service.exited()) return 'exited' as const;
        const response = await fetch(`${service.httpUrl}/readyz`, { signal: AbortSignal.timeout(2_000) }).catch(
          (error: Error) => {
            lastAnswer = `${error.message}${error.cause ? ` (${String(error.cause)})` : ''}`;
            return undefined;
          },
        );
        if (!response) return undefined;
        lastAnswer = `${response.status} ${await response.text()}`;
        return response.status === 200 ? ('ready' as const) : undefined;
      },
      { timeoutMs, intervalMs: 100 },
    );
  } catch (error) {
    throw new Error(
      `${service.name} (pid ${service.pid}) did not become ready: ${(error as Error).message}; ` +
        `last /readyz: ${lastAnswer}\n--- ${service.name} output (last ${TAIL_LINES} lines) ---\n${service.tail()}`,
    );
  }
  if (outcome === 'exited') {
    const result = await service.stop();
    throw new Error(
      `${service.name} (pid ${service.pid}) exited before it was ready ` +
        `(${result.signal ? `signal ${result.signal}` : `code ${result.code}`}${result.error ? `, ${result.error.message}` : ''})` +
        `\n--- ${service.name} output (last ${TAIL_LINES} lines) ---\n${service.tail()}`,
    );
  }
}
