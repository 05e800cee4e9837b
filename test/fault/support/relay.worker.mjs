// One outbox relay replica as its own process (the built @cs/bus, as services run it), for tests
// that kill it. Env: DATABASE_URL, NATS_URL, SUBJECT_PREFIX, RELAY_BATCH_SIZE, RELAY_LEASE_MS (with
// RELAY_PUBLISH_TIMEOUT_MS below it less 1 s). Says 'ready' over IPC.
import { connectBus, OutboxRelay } from '@cs/bus';

const { DATABASE_URL, NATS_URL, SUBJECT_PREFIX, RELAY_BATCH_SIZE, RELAY_LEASE_MS, RELAY_PUBLISH_TIMEOUT_MS } =
  process.env;
const nc = await connectBus({ natsUrl: NATS_URL, serviceName: 'orders', subjectPrefix: SUBJECT_PREFIX });
const relay = new OutboxRelay({
  databaseUrl: DATABASE_URL,
  nc,
  source: '/cs/orders',
  subjectPrefix: SUBJECT_PREFIX,
  batchSize: Number(RELAY_BATCH_SIZE ?? 100),
  pollIntervalMs: 200,
  ...(RELAY_LEASE_MS ? { leaseMs: Number(RELAY_LEASE_MS), publishTimeoutMs: Number(RELAY_PUBLISH_TIMEOUT_MS) } : {}),
});
await relay.start();
process.once('disconnect', () => process.exit(0)); // the test died: do not linger
process.send?.('ready');
