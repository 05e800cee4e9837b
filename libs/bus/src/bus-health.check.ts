import type { NatsConnection } from '@nats-io/transport-node';
import { describeError } from './bus-logger.util.js';

export interface BusHealth {
  ok: boolean;
  detail: {
    server?: string;
    /** Round trip to the NATS server, when it answered. */
    rttMs?: number;
    closed: boolean;
    draining: boolean;
    /** How long the broker has not answered (disconnected, or pings unanswered), when it is not ok. */
    unansweredMs?: number;
    error?: string;
  };
}

/** For /readyz: the NATS connection is open and the server answers a ping within timeoutMs (default 2000). */
export async function busHealth(
  nc: NatsConnection | undefined,
  { timeoutMs = 2000 }: { timeoutMs?: number } = {},
): Promise<BusHealth> {
  if (!nc) return { ok: false, detail: { closed: true, draining: false, error: 'not connected' } };
  const detail: BusHealth['detail'] = { server: nc.getServer(), closed: nc.isClosed(), draining: nc.isDraining() };
  if (detail.closed || detail.draining) return { ok: false, detail: { ...detail, error: 'connection closed' } };
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer from NATS within ${timeoutMs} ms`)), timeoutMs);
    });
    detail.rttMs = await Promise.race([nc.rtt(), timeout]);
    return { ok: true, detail };
  } catch (error) {
    const text = describeError(error);
    return { ok: false, detail: { ...detail, error: text.includes('NATS') ? text : `NATS ping failed: ${text}` } };
  } finally {
    clearTimeout(timer);
  }
}

export interface BusHealthMonitorOptions {
  /** A ping unanswered this long counts as the broker being away. Default 2000. */
  timeoutMs?: number;
  /** Answers younger than this are reused, so frequent probes do not each ping NATS. Default 1000. */
  cacheMs?: number;
}

/**
 * busHealth for frequent probes: a disconnect (from the connection's status events) is reported at
 * once without pinging; while connected, at most one ping per cacheMs is sent, bounded by timeoutMs,
 * so a half-open connection shows too. Reports how long the broker has gone unanswered.
 */
export class BusHealthMonitor {
  private readonly timeoutMs: number;
  private readonly cacheMs: number;
  private disconnectedAt?: number;
  private lastAnswerAt = Date.now();
  private last?: { at: number; health: BusHealth };
  private pinging?: Promise<BusHealth>;

  constructor(
    private readonly nc: NatsConnection,
    options: BusHealthMonitorOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 2000;
    this.cacheMs = options.cacheMs ?? 1000;
    void this.watch();
  }

  async check(): Promise<BusHealth> {
    const now = Date.now();
    if (this.disconnectedAt !== undefined && !this.nc.isClosed()) {
      return {
        ok: false,
        detail: {
          server: this.nc.getServer(),
          closed: false,
          draining: this.nc.isDraining(),
          unansweredMs: now - this.disconnectedAt,
          error: 'disconnected from NATS; reconnecting',
        },
      };
    }
    if (this.last && now - this.last.at < this.cacheMs) return this.last.health;
    this.pinging ??= busHealth(this.nc, { timeoutMs: this.timeoutMs })
      .then((health) => {
        const at = Date.now();
        if (health.ok) this.lastAnswerAt = at;
        else health.detail.unansweredMs = at - this.lastAnswerAt;
        this.last = { at, health };
        return health;
      })
      .finally(() => {
        this.pinging = undefined;
      });
    return this.pinging;
  }

  private async watch(): Promise<void> {
    for await (const status of this.nc.status()) {
      if (status.type === 'disconnect') {
        this.disconnectedAt ??= Date.now();
        this.last = undefined;
      } else if (status.type === 'reconnect') {
        this.disconnectedAt = undefined;
        this.lastAnswerAt = Date.now();
        this.last = undefined;
      }
    }
  }
}
