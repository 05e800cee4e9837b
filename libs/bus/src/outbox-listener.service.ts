import pg from 'pg';
import { type BusLogger, describeError } from './bus-logger.util.js';
import { backoffDelay } from './retry-policy.util.js';

export const OUTBOX_CHANNEL = 'cs_outbox';
export const LISTENER_APPLICATION_NAME = 'cs-outbox-relay-listener';

/**
 * LISTEN cs_outbox on a dedicated connection (the insert trigger NOTIFYs it). When the connection
 * drops it reconnects with backoff and then signals once, to catch up on what was missed meanwhile.
 */
export class OutboxListener {
  private client?: pg.Client;
  private stopped = false;
  private attempts = 0;
  private retryTimer?: NodeJS.Timeout;

  constructor(
    private readonly databaseUrl: string,
    private readonly onNotify: () => void,
    private readonly logger: BusLogger,
  ) {}

  get listening(): boolean {
    return this.client !== undefined;
  }

  /** Connects and listens; rejects when the database cannot be reached. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => {});
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.databaseUrl,
      keepAlive: true,
      application_name: LISTENER_APPLICATION_NAME,
      // A reconnect against a server that does not answer fails and is retried instead of hanging.
      connectionTimeoutMillis: 10_000,
    });
    client.on('notification', (message) => {
      if (message.channel === OUTBOX_CHANNEL) this.onNotify();
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, undefined));
    try {
      await client.connect();
      await client.query(`listen ${OUTBOX_CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => {});
      throw error;
    }
    if (this.stopped) {
      await client.end().catch(() => {});
      return;
    }
    this.client = client;
    this.attempts = 0;
  }

  private lost(client: pg.Client, error: unknown): void {
    if (this.client !== client || this.stopped) return;
    this.client = undefined;
    this.logger.warn(
      { error: error ? describeError(error) : 'connection ended' },
      'outbox LISTEN connection lost; reconnecting',
    );
    void client.end().catch(() => {});
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    this.attempts += 1;
    const attempt = this.attempts;
    this.retryTimer = setTimeout(
      async () => {
        try {
          await this.connect();
          if (this.stopped) return;
          this.logger.info({ attempt }, 'outbox LISTEN connection restored');
          this.onNotify();
        } catch (error) {
          this.logger.warn({ error: describeError(error), attempt }, 'outbox LISTEN reconnect failed');
          this.scheduleReconnect();
        }
      },
      backoffDelay(this.attempts, 250, 30_000),
    );
  }
}
