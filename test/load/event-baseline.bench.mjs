// The limits the event pipeline is measured against, on the same run (as pgbench is for commands):
//   raw JetStream: async publish with many acks outstanding, then a durable pull consumer + ack;
//   relay alone:   a bulk of outbox rows committed at once, published by the relay with no subscriber;
//   backlog drain: a backlog on the stream handled by 1, 2, 3 subscriber replicas (capacity, order, exactly once).
import { EVENT_PARTITIONS, prefixStream, prefixSubject } from '@cs/bus';
import { AckPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, headers as natsHeaders } from '@nats-io/transport-node';
import pg from 'pg';
import { dbUrl, NATS_URL, sql, waitUntil } from './support/bench.util.mjs';

/** Raw JetStream on this machine: publish `count` event-sized messages, `window` acks outstanding; then consume them. */
export async function rawJetStream({ subjectPrefix, body, count = 20_000, window = 1000 }) {
  const nc = await connect({ servers: NATS_URL, name: 'bench-raw' });
  const stream = prefixStream(subjectPrefix, 'CS_RAW');
  const subject = prefixSubject(subjectPrefix, 'cs.raw.event');
  try {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: stream, subjects: [`${subject}.>`, subject], duplicate_window: 120_000_000_000 });
    const js = jetstream(nc);
    const outstanding = [];
    const started = performance.now();
    for (let i = 0; i < count; i++) {
      const h = natsHeaders();
      // The relay's headers, so server and client do the same work per message.
      h.set('ce-id', `raw-${i}`);
      h.set('ce-type', 'cs.orders.order.address_changed');
      h.set('ce-source', '/cs/orders');
      h.set('ce-time', new Date().toISOString());
      h.set('ce-subject', `raw-${i % 1000}`);
      h.set('ce-specversion', '1.0');
      h.set('ce-aggregateversion', String(i));
      h.set('content-type', 'application/json');
      outstanding.push(js.publish(subject, body, { msgID: `raw-${i}`, headers: h }));
      if (outstanding.length >= window) await outstanding.shift();
    }
    await Promise.all(outstanding);
    const publishRate = count / ((performance.now() - started) / 1000);

    await jsm.consumers.add(stream, { durable_name: 'raw', ack_policy: AckPolicy.Explicit, max_ack_pending: 10_000 });
    const messages = await (await js.consumers.get(stream, 'raw')).consume({ max_messages: window });
    let received = 0;
    let first;
    for await (const msg of messages) {
      first ??= performance.now();
      msg.ack();
      if (++received === count) break;
    }
    await nc.flush();
    const consumeRate = count / ((performance.now() - first) / 1000);
    await jsm.streams.delete(stream);
    return { count, window, publishRate, consumeRate };
  } finally {
    await nc.close();
  }
}

/** The relay alone: a committed bulk of rows, published with no subscriber reading; rows/s from the commit. */
export async function relayAlone(db, { payloadJson, fill, count = 20_000 }) {
  // A subject no subscriber of the benchmark reads.
  const committedAt = await fill({
    subject: 'cs.orders.order.cancelled',
    payloadJson,
    count,
    aggregates: count,
    prefix: 'alone-',
  });
  await waitUntil(
    'the relay to publish the bulk',
    async () =>
      Number((await sql(dbUrl(db), 'select count(*) as n from cs_outbox where published_at is null'))[0].n) === 0,
    { timeoutMs: 120_000, everyMs: 50 },
  );
  const [{ seconds }] = await sql(
    dbUrl(db),
    `select extract(epoch from max(published_at) - $1::timestamptz)::float8 as seconds
       from cs_outbox where aggregate_id like 'alone-%'`,
    [committedAt],
  );
  return { count, rate: count / seconds };
}

/** Handler rows of the drain's events: throughput between first and last, duplicates, and per-aggregate order. */
export async function drainStats(subscriberDb, { prefix, count }) {
  const [row] = await sql(
    dbUrl(subscriberDb),
    `with r as (
       select aggregate_id, version, received_at,
              lag(version) over (partition by aggregate_id order by received_at) as previous
         from bench_received where aggregate_id like $1)
     select count(*)::int as rows,
            count(distinct (aggregate_id, version))::int as distinct_events,
            count(*) filter (where previous > version)::int as reordered,
            extract(epoch from max(received_at) - min(received_at))::float8 as seconds
       from r`,
    [`${prefix}%`],
  );
  return {
    rows: row.rows,
    distinct: row.distinct_events,
    reordered: row.reordered,
    rate: row.rows / row.seconds,
    exactlyOnce: row.rows === count && row.distinct_events === count,
  };
}

/**
 * Subscriber capacity with `replicas` replicas: with no subscriber running, a backlog of `count`
 * events (`aggregates` aggregates, versions in order) is committed and published by the relay; then
 * the replicas start, their handlers held back by a lock on the handler's table until every replica
 * is ready, so all start together. Throughput = the backlog / (last handled − the lock's release).
 */
export async function drainWithReplicas({
  replicas,
  name = `drain${replicas}`,
  count,
  aggregates,
  producerDb,
  subscriberDb,
  startSubscriber,
  cpu,
  fill,
}) {
  const prefix = `${name}-`; // the drain's own aggregates: it counts only what it produced
  // The replicas first, until they have shared the partitions out (a replica waiting on the gate
  // below could not hand a partition over); then the backlog, held back from the handlers.
  const started = await Promise.all(Array.from({ length: replicas }, (_, i) => startSubscriber(i + 1)));
  await waitUntil(
    `${replicas} replica(s) to share the event partitions out`,
    async () => {
      const counts = await Promise.all(started.map(async (s) => (await s.call('partitions')).length));
      return counts.reduce((a, b) => a + b, 0) === EVENT_PARTITIONS && Math.max(...counts) - Math.min(...counts) <= 1;
    },
    { timeoutMs: 60_000, everyMs: 100 },
  );
  const gate = new pg.Client({ connectionString: dbUrl(subscriberDb) });
  await gate.connect();
  let allReady;
  try {
    await gate.query('begin');
    await gate.query('lock table bench_received in share mode'); // handlers' inserts wait
    await fill({
      subject: 'cs.orders.order.address_changed',
      payloadJson: cpu.payloadJson,
      count,
      aggregates,
      prefix,
    });
    await waitUntil(
      'the relay to publish the backlog',
      async () =>
        Number(
          (await sql(dbUrl(producerDb), 'select count(*) as n from cs_outbox where published_at is null'))[0].n,
        ) === 0,
      { timeoutMs: 120_000, everyMs: 100 },
    );
    allReady = (await gate.query('select clock_timestamp() as now')).rows[0].now;
    await gate.query('commit');
  } finally {
    await gate.end();
  }
  const pids = { postgres: { comm: 'postgres' }, nats: { comm: 'nats-server' } };
  for (const [i, s] of started.entries()) pids[`subscriber-${i + 1}`] = s.pid;
  const sample = cpu.start(pids);
  const arrived = async () =>
    Number(
      (
        await sql(dbUrl(subscriberDb), 'select count(*) as n from bench_received where aggregate_id like $1', [
          `${prefix}%`,
        ])
      )[0].n,
    );
  await waitUntil(`${replicas} replica(s) to handle the backlog`, async () => (await arrived()) >= count, {
    timeoutMs: 300_000,
    everyMs: 100,
  });
  const usage = sample();
  const stats = await drainStats(subscriberDb, { prefix, count });
  const [{ n: afterReady, seconds }] = await sql(
    dbUrl(subscriberDb),
    `select count(*)::int as n, extract(epoch from max(received_at) - $2::timestamptz)::float8 as seconds
       from bench_received where aggregate_id like $1 and received_at >= $2::timestamptz`,
    [`${prefix}%`, allReady],
  ); // every one of them: none could be handled before the release
  await Promise.all(started.map((s) => s.stop()));
  return { replicas, count, aggregates, ...stats, rate: afterReady / seconds, measured: afterReady, cpu: usage };
}
