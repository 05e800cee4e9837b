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
    return { ok: false, detail: { ...detail, error: describeError(error) } };
  } finally {
    clearTimeout(timer);
  }
}
