import { counter, observableGauge } from '@cs/telemetry';
import type pg from 'pg';
import { backlog } from './outbox.repository.js';

/** Pools of the running relays: the gauges read the backlog through the first one. */
const sources = new Set<pg.Pool>();
/** Both gauges of one scrape share one query: the read in flight is reused, never a finished one. */
let reading: Promise<{ pending: number; oldestAgeSeconds: number } | undefined> | undefined;

function readBacklog(): Promise<{ pending: number; oldestAgeSeconds: number } | undefined> {
  if (reading) return reading;
  const [pool] = sources;
  // A database that does not answer leaves the gauges empty for this scrape rather than failing /metrics.
  const read = pool ? backlog(pool).catch(() => undefined) : Promise.resolve(undefined);
  reading = read.finally(() => {
    reading = undefined;
  });
  return reading;
}

export const relayMetrics = {
  published: counter('cs_outbox_published_total', 'Outbox rows the relay published to JetStream'),
  duplicates: counter(
    'cs_outbox_republished_total',
    'Publishes JetStream dropped as re-publishes (same Nats-Msg-Id within the duplicate window)',
  ),
  failed: counter('cs_outbox_publish_failures_total', 'Outbox publishes that failed and will be retried'),
  backlog: observableGauge('cs_outbox_backlog_rows', 'Outbox rows not yet published', async (gauge) => {
    const read = await readBacklog();
    if (read) gauge.set(read.pending);
    else gauge.reset();
  }),
  oldestAge: observableGauge(
    'cs_outbox_oldest_pending_age_seconds',
    'Age of the oldest outbox row not yet published (0 when none)',
    async (gauge) => {
      const read = await readBacklog();
      if (read) gauge.set(read.oldestAgeSeconds);
      else gauge.reset();
    },
  ),
  observe(pool: pg.Pool): void {
    sources.add(pool);
  },
  forget(pool: pg.Pool): void {
    sources.delete(pool);
  },
};
