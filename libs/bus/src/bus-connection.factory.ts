import { connect, type NatsConnection } from '@nats-io/transport-node';
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
}

/**
 * Connects to NATS as this service and keeps reconnecting forever after a disconnect.
 * The first connect fails fast (with the server named) so a misconfigured process does not hang.
 */
export async function connectBus(options: ConnectBusOptions): Promise<NatsConnection> {
  assertServiceName(options.serviceName);
  assertSubjectPrefix(options.subjectPrefix);
  const logger = options.logger ?? noopLogger;
  let nc: NatsConnection;
  try {
    nc = await connect({
      servers: options.natsUrl.split(',').map((s) => s.trim()),
      name: options.serviceName,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 1000,
      reconnectJitter: 500,
      timeout: options.connectTimeoutMs ?? 5000,
      pingInterval: 20_000,
    });
  } catch (error) {
    throw new Error(`cannot connect to NATS at ${options.natsUrl}: ${(error as Error).message}`, { cause: error });
  }
  void watchStatus(nc, logger);
  logger.info({ server: nc.getServer(), name: options.serviceName }, 'connected to NATS');
  return nc;
}

async function watchStatus(nc: NatsConnection, logger: BusLogger): Promise<void> {
  for await (const status of nc.status()) {
    switch (status.type) {
      case 'disconnect':
        logger.warn({ server: status.server }, 'NATS disconnected');
        break;
      case 'reconnect':
        logger.info({ server: status.server }, 'NATS reconnected');
        break;
      case 'error':
        logger.error({ error: String(status.error) }, 'NATS error');
        break;
      default:
        break;
    }
  }
}
