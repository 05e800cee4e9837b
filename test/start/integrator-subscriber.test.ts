import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection, headers as natsHeaders } from '@nats-io/transport-node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureDurableConsumer } from '../../examples/event-subscriber/src/durable-consumer.js';
import type { PlatformEvent } from '../../examples/event-subscriber/src/platform-events.js';
import { InMemoryProcessedEvents } from '../../examples/event-subscriber/src/processed-events.js';
import { EventSubscriber, replayStoredEvent } from '../../examples/event-subscriber/src/subscriber.js';
import { connectBus } from '../../libs/bus/src/bus-connection.factory.js';
import { cloudEventHeaders } from '../../libs/bus/src/cloud-event.codec.js';
import { eventNatsSubject } from '../../libs/bus/src/naming.util.js';
import { ensureStreams } from '../../libs/bus/src/streams.setup.js';
import { INTEGRATOR_USER } from '../../scripts/infra/nats-auth.mjs';
import { ensureOwnNats, type OwnNats } from '../../scripts/infra/nats-own.mjs';
import { freePort } from '../../scripts/infra/net.mjs';
import { SERVICES } from '../../scripts/infra/services.mjs';
import { pathWithSbin, scratchDir } from './helpers.js';

// The example subscriber of docs/integrators.md within the integrator's permissions, on the
// nats-server `npm start` runs (generated users): it needs nothing the read-only user lacks.
let server: OwnNats;
let remove: () => void;
const open: NatsConnection[] = [];

beforeAll(async () => {
  const scratch = scratchDir('integrator');
  remove = scratch.remove;
  const env = { PATH: pathWithSbin(), NATS_PORT: String(await freePort()) };
  const services = SERVICES.map((service) => service.name);
  server = (await ensureOwnNats({ env, dir: scratch.dir, services })) as OwnNats;
  if (!server) throw new Error('nats-server is not on PATH (apt-get install nats-server)');
  const orders = await connectBus({
    natsUrl: server.target.url,
    serviceName: 'orders',
    user: 'orders',
    password: server.credentials.orders,
  });
  open.push(orders);
  await ensureStreams(orders, { producers: services });
  // As the orders relay publishes: CloudEvents headers, proto3 JSON body, Nats-Msg-Id = ce-id.
  const hdrs = natsHeaders();
  const record = cloudEventHeaders({
    id: '0193a0c0-0000-7000-8000-000000000001',
    type: 'cs.orders.order.cancelled',
    source: '/cs/orders',
    time: new Date(),
    aggregateId: 'TB2001',
    aggregateVersion: 2,
    trace: {},
  });
  for (const [name, value] of Object.entries(record)) hdrs.set(name, value);
  const body = JSON.stringify({ orderId: 'TB2001', voided: true, orderVersion: 2 });
  // On the aggregate's partition of the subject: cs.orders.order.cancelled.<partitionOf('TB2001')>.
  await jetstream(orders).publish(eventNatsSubject('', 'cs.orders.order.cancelled', 'TB2001'), body, {
    headers: hdrs,
    msgID: record['ce-id'],
  });
});

afterAll(async () => {
  for (const nc of open) await nc.close().catch(() => {});
  await server?.stop();
  remove?.();
});

it('consumes, acks and replays as the read-only integrator user', async () => {
  const nc = await connect({ servers: server.target.url, user: INTEGRATOR_USER, pass: server.credentials.integrator });
  open.push(nc);
  const jsm = await jetstreamManager(nc);
  await ensureDurableConsumer(jsm, {
    stream: 'CS_ORDERS',
    durable: 'erp__orders',
    filterSubject: 'cs.orders.>',
    start: { from: 'all' },
  });
  const handled: PlatformEvent[] = [];
  const processed = new InMemoryProcessedEvents();
  const subscriber = new EventSubscriber({
    js: jetstream(nc),
    stream: 'CS_ORDERS',
    durable: 'erp__orders',
    processed,
    handle: async (event) => void handled.push(event),
    onDeadLetter: async (letter) => {
      throw new Error(`unexpected dead letter: ${letter.error}`);
    },
  });
  await subscriber.start();
  try {
    await expect.poll(() => handled.length, { timeout: 10_000 }).toBe(1);
    const [event] = handled;
    if (event?.type !== 'cs.orders.order.cancelled') throw new Error(`unexpected ${event?.type}`);
    expect(event.data).toMatchObject({ orderId: 'TB2001', voided: true, orderVersion: 2 });
    await expect.poll(async () => (await jsm.consumers.info('CS_ORDERS', 'erp__orders')).ack_floor.stream_seq).toBe(1);
  } finally {
    await subscriber.stop();
  }
  // Reading a stored message by sequence (how a dead letter is replayed) is allowed too.
  const fresh = new InMemoryProcessedEvents();
  expect(await replayStoredEvent(jsm, { stream: 'CS_ORDERS', sequence: 1 }, fresh, async () => {})).toBe('handled');
  expect(await replayStoredEvent(jsm, { stream: 'CS_ORDERS', sequence: 1 }, processed, async () => {})).toBe(
    'duplicate',
  );
});
