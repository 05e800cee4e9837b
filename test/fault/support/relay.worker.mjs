// One outbox relay replica as its own process (the built @cs/bus, as services run it), for tests
// that kill it. Env: DATABASE_URL, NATS_URL, SUBJECT_PREFIX, RELAY_BATCH_SIZE. Says 'ready' over IPC.
import { connectBus, OutboxRelay } from '@cs/bus';

const { DATABASE_URL, NATS_URL, SUBJECT_PREFIX, RELAY_BATCH_SIZE } = process.env;
const nc = await connectBus({ natsUrl: NATS_URL, serviceName: 'orders', subjectPrefix: SUBJECT_PREFIX });
const relay = new OutboxRelay({
  databaseUrl: DATABASE_URL,
  nc,
  source: '/cs/orders',
  subjectPrefix: SUBJECT_PREFIX,
  batchSize: Number(RELAY_BATCH_SIZE ?? 100),
  pollIntervalMs: 200,
});
await relay.start();
process.once('disconnect', () => process.exit(0)); // the test died: do not linger
process.send?.('ready');
