// The producing side of the event-latency benchmark, as a service runs it: the producer's commands and
// the outbox relay (default settings, the stream setup of start-service.ts) in one process, so the
// relay is woken by the commits of that process as in a service. Not the orders service itself, so the
// benchmark measures the bus and does not depend on the orders service building and booting.
// Started by event-latency.bench.mjs with fork() and `--import @cs/telemetry/register`, as services run.
// IPC: { id, type: 'produce', rate, durationS, maxInFlight, measured } → { id, result };
//      { id, type: 'fill', subject, payloadJson, count, aggregates, prefix } → { id, result: commit time }.
import { connectBus, ensureStreams, OutboxRelay } from '@cs/bus';
import { migrate, openDatabase } from '@cs/persistence';
import { eventWriter, produce } from './support/event-producer.mjs';

const { DATABASE_URL, NATS_URL, SUBJECT_PREFIX } = process.env;
// The services' pool size (DB_POOL_MAX's default), for the ORM's pool and the command pool alike.
const orm = await openDatabase({ url: DATABASE_URL, entities: [], migrations: [] });
await migrate(orm);
const writer = eventWriter(orm);
const nc = await connectBus({ natsUrl: NATS_URL, serviceName: 'orders', subjectPrefix: SUBJECT_PREFIX });
await ensureStreams(nc, { producers: ['orders'], subjectPrefix: SUBJECT_PREFIX });
const relay = new OutboxRelay({
  databaseUrl: DATABASE_URL,
  nc,
  source: '/cs/orders',
  subjectPrefix: SUBJECT_PREFIX,
  // BENCH_RELAY_ROUNDS: rounds publishing at once (the relay's default when unset), for comparisons.
  ...(process.env.BENCH_RELAY_ROUNDS ? { roundsInFlight: Number(process.env.BENCH_RELAY_ROUNDS) } : {}),
});
await relay.start();

/** A bulk of rows of `aggregates` aggregates (versions in order) committed in one statement; returns the commit's database time. */
async function fill({ subject, payloadJson, count, aggregates, prefix }) {
  const em = orm.em.fork();
  await em.execute(
    `insert into cs_outbox (id, subject, aggregate_id, aggregate_version, payload)
     select gen_random_uuid(), ?, ?::text || (g % ?::int), g / ?::int + 1, ?::jsonb from generate_series(0, ?::int - 1) g`,
    [subject, prefix, aggregates, aggregates, payloadJson, count],
  );
  const [{ now }] = await em.execute('select clock_timestamp() as now');
  return now;
}

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await relay.stop();
  await writer.close();
  await orm.close();
  await nc.drain().catch(() => {});
  process.exit(0);
}
process.on('message', (message) => {
  if (message === 'stop') return void stop();
  const { id, type, ...options } = message;
  const work = type === 'produce' ? produce(writer, options) : fill(options);
  work.then(
    (result) => process.send({ id, result }),
    (error) => process.send({ id, error: error.stack ?? String(error) }),
  );
});
process.once('SIGTERM', () => void stop());
process.once('disconnect', () => void stop()); // the benchmark died: do not linger
process.send?.('ready');
