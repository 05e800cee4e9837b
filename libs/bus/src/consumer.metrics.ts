import { counter, observableGauge } from '@cs/telemetry';
import type { JetStreamManager } from '@nats-io/jetstream';
import type { ConsumerRoute } from './consumer-route.model.js';

/** How long one scrape waits for JetStream before leaving a consumer out of the gauge. */
export const PENDING_READ_TIMEOUT_MS = 2000;

export interface PendingSource {
  jsm: JetStreamManager;
  /**
   * The durable consumers to report, asked at each scrape: a replica reports the partitions it
   * holds, so a scrape of N replicas asks JetStream about each partition once, not N times.
   */
  routes: () => readonly ConsumerRoute[];
}

/** The running transports of this process: the gauge asks JetStream about each of their durable consumers. */
const sources = new Set<PendingSource>();

/** num_pending + num_ack_pending of a durable consumer, or undefined when JetStream does not answer in time. */
async function readPending(jsm: JetStreamManager, route: ConsumerRoute): Promise<number | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), PENDING_READ_TIMEOUT_MS);
  });
  const read = jsm.consumers
    .info(route.stream, route.durable)
    .then((info) => info.num_pending + info.num_ack_pending)
    .catch(() => undefined);
  try {
    return await Promise.race([read, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export const consumerMetrics = {
  deadLetters: counter(
    'cs_dead_letters_total',
    'Messages this service moved to the dead-letter stream (by the event subject they were consumed from)',
    ['subject'],
  ),
  pending: observableGauge(
    'cs_consumer_pending_messages',
    'Messages of a durable consumer not yet acknowledged: JetStream num_pending + num_ack_pending (one consumer per subject and partition, reported by the replica holding it; sum by subject for the lag of an event type)',
    async (gauge) => {
      const reads = [...sources].flatMap(({ jsm, routes }) =>
        routes().map(async (route) => ({
          labels: { consumer: route.durable, subject: route.subject },
          value: await readPending(jsm, route),
        })),
      );
      const values = await Promise.all(reads);
      // A consumer JetStream did not report on this scrape is left out rather than shown stale.
      gauge.reset();
      for (const { labels, value } of values) if (value !== undefined) gauge.set(labels, value);
    },
    ['consumer', 'subject'],
  ),
  observe(source: PendingSource): void {
    sources.add(source);
  },
  forget(source: PendingSource): void {
    sources.delete(source);
  },
};
