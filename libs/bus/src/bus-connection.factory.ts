import { counter, gauge } from '@cs/telemetry';
import { connect, type NatsConnection, PermissionViolationError } from '@nats-io/transport-node';
import { type BusLogger, noopLogger } from './bus-logger.util.js';
import { assertServiceName, assertSubjectPrefix } from './naming.util.js';

/** Options shared by the publisher side (relay), the consumer side (JetStreamServer) and stream setup. */
export interface BusOptions {
  natsUrl: string;
  /** This service, e.g. "orders": the connection name, and the consumer name prefix when it consumes. */
  serviceName: string;
  /** "" in production; tests use their own, e.g. "t1a2b3c". */
  subjectPrefix?: string;
}

export interface ConnectBusOptions extends BusOptions {
  logger?: BusLogger;
  /** How long the first connect may take; later disconnects are retried forever. Default 5000. */
  connectTimeoutMs?: number;
  /** This service's NATS user (NATS_USER) and password (NATS_PASSWORD), when the server requires them. */
  user?: string;
  password?: string;
}

/**
 * The inbox prefix of a service's connection: JetStream replies and pulled messages arrive on
 * _INBOX_<service>.…, and the NATS permissions let only that service subscribe there (see
 * scripts/infra/nats-auth.mjs), so no other user can read or ack what it fetches.
 */
export function serviceInboxPrefix(serviceName: string): string {
  return `_INBOX_${assertServiceName(serviceName)}`;
}

/**
 * Connects to NATS as this service and keeps reconnecting forever after a disconnect.
 * The first connect fails fast (with the server named) so a misconfigured process does not hang;
 * a refused user or password fails it too, and is not retried.
 */
export async function connectBus(options: ConnectBusOptions): Promise<NatsConnection> {
  assertServiceName(options.serviceName);
  assertSubjectPrefix(options.subjectPrefix);
  if ((options.user === undefined) !== (options.password === undefined)) {
    throw new Error('NATS user and password go together: set both NATS_USER and NATS_PASSWORD, or neither');
  }
  const logger = options.logger ?? noopLogger;
  const as = options.user ? ` as user ${options.user}` : '';
  let nc: NatsConnection;
  try {
    nc = await connect({
      servers: options.natsUrl.split(',').map((s) => s.trim()),
      name: options.serviceName,
      ...(options.user ? { user: options.user, pass: options.password } : {}),
      inboxPrefix: serviceInboxPrefix(options.serviceName),
      maxReconnectAttempts: -1,
      reconnectTimeWait: 1000,
      reconnectJitter: 500,
      timeout: options.connectTimeoutMs ?? 5000,
      pingInterval: 20_000,
      // No stack captured per request (each JetStream publish is one): two Error objects per event
      // were ~7 % of the relay's CPU. A failed publish still says what failed and on which subject.
      noAsyncTraces: true,
    });
  } catch (error) {
    throw new Error(`cannot connect to NATS at ${options.natsUrl}${as}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  void watchStatus(nc, options.serviceName, logger);
  logger.info({ server: nc.getServer(), name: options.serviceName, user: options.user }, 'connected to NATS');
  return nc;
}

const connectedGauge = () =>
  gauge('cs_nats_connected', '1 while this connection is connected to a NATS server, 0 while it is away', [
    'connection',
  ]);
const reconnectsCounter = () =>
  counter('cs_nats_reconnects_total', 'Times this connection got back to a NATS server after losing it', [
    'connection',
  ]);

/** Logs the connection's life (and keeps the cs_nats_connected gauge) until it is closed. */
async function watchStatus(nc: NatsConnection, connection: string, logger: BusLogger): Promise<void> {
  const labels = { connection };
  connectedGauge().set(labels, 1);
  let attempts = 0;
  let disconnectedAt: number | undefined;
  for await (const status of nc.status()) {
    switch (status.type) {
      case 'disconnect':
        disconnectedAt ??= Date.now();
        connectedGauge().set(labels, 0);
        logger.warn({ server: status.server }, 'NATS disconnected; reconnecting (commands still go to the outbox)');
        break;
      case 'reconnecting':
        attempts += 1;
        // Every attempt would be a line a second for as long as the outage lasts: 1, 2, 4, 8, … then every 64th.
        if ((attempts & (attempts - 1)) === 0 || attempts % 64 === 0) {
          logger.warn({ attempts, awayMs: Date.now() - (disconnectedAt ?? Date.now()) }, 'NATS reconnecting');
        }
        break;
      case 'reconnect':
        connectedGauge().set(labels, 1);
        reconnectsCounter().inc(labels);
        logger.info(
          { server: status.server, attempts, awayMs: Date.now() - (disconnectedAt ?? Date.now()) },
          'NATS reconnected',
        );
        attempts = 0;
        disconnectedAt = undefined;
        break;
      case 'staleConnection':
        logger.warn('NATS connection stale (pings unanswered); reconnecting');
        break;
      case 'error':
        // A refused publish or subscription: the server's permissions for this user do not allow it.
        if (status.error instanceof PermissionViolationError) {
          const { operation, subject } = status.error;
          logger.error({ operation, subject }, 'NATS refused: permissions violation');
        } else logger.error({ error: String(status.error) }, 'NATS error');
        break;
      default:
        break;
    }
  }
  connectedGauge().set(labels, 0);
}
