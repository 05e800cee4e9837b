// The outbox relay of the event-latency benchmark, as its own process: the same OutboxRelay (default
// settings) and stream setup the services run in start-service.ts, without the rest of a service, so
// the benchmark measures the bus and does not depend on the orders service building and booting.
// Started by event-latency.bench.mjs with fork() and `--import @cs/telemetry/register`, as services run.
import { connectBus, ensureStreams, OutboxRelay } from '@cs/bus';

const { DATABASE_URL, NATS_URL, SUBJECT_PREFIX } = process.env;

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

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await relay.stop();
  await nc.drain().catch(() => {});
  process.exit(0);
}
process.on('message', (message) => {
  if (message === 'stop') void stop();
});
process.once('SIGTERM', () => void stop());
process.once('disconnect', () => void stop()); // the benchmark died: do not linger
process.send?.('ready');
