// The integrator's example subscriber (examples/event-subscriber) against a real NATS, fed the way
// the platform publishes: Outbox.add in a transaction, the orders service's OutboxRelay publishing.
import { readFileSync } from 'node:fs';
import { connectBus, ensureStreams, eventNatsSubject, Outbox, OutboxRelay, prefixStream } from '@cs/bus';
import { codecFor, type EventPayload } from '@cs/contracts';
import { migrate, openDatabase } from '@cs/persistence';
import { createTestDatabase, deleteTestStreams, type TestDatabase, uniqueSubjectPrefix, waitFor } from '@cs/testing';
import type { MikroORM } from '@mikro-orm/postgresql';
import { type JetStreamManager, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { type NatsConnection, headers as natsHeaders } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ensureDurableConsumer } from '../../examples/event-subscriber/src/durable-consumer.js';
import type { PlatformEvent } from '../../examples/event-subscriber/src/platform-events.js';
import { InMemoryProcessedEvents } from '../../examples/event-subscriber/src/processed-events.js';
import { type DeadLetter, EventSubscriber, replayStoredEvent } from '../../examples/event-subscriber/src/subscriber.js';

const SUBJECT = 'cs.orders.order.address_changed';

let db: TestDatabase;
let orm: MikroORM;
let nc: NatsConnection;
let jsm: JetStreamManager;
let relay: OutboxRelay;
let prefix: string;
let stream: string;
const subscribers: EventSubscriber[] = [];

beforeAll(async () => {
  const natsUrl = inject('natsUrl');
  db = await createTestDatabase(inject('postgresUrl'), 'event_subscriber');
  orm = await openDatabase({ url: db.url, entities: [], migrations: [] });
  await migrate(orm);
  prefix = uniqueSubjectPrefix();
  stream = prefixStream(prefix, 'CS_ORDERS');
  nc = await connectBus({ natsUrl, serviceName: 'orders' });
  jsm = await jetstreamManager(nc);
  await ensureStreams(nc, { producers: ['orders'], subjectPrefix: prefix });
  relay = new OutboxRelay({ databaseUrl: db.url, nc, source: '/cs/orders', subjectPrefix: prefix });
  await relay.start();
});

afterAll(async () => {
  await Promise.all(subscribers.map((s) => s.stop()));
  await relay?.stop();
  await nc?.close();
  if (prefix) await deleteTestStreams(inject('natsUrl'), prefix);
  await orm?.close(true);
  await db?.drop();
});

function addressChanged(orderId: string, version: number, city: string): EventPayload<typeof SUBJECT> {
  return {
    orderId,
    previousAddress: undefined,
    newAddress: {
      recipientName: '李四',
      phone: '13900002222',
      province: '浙江省',
      city,
      district: '西湖区',
      street: '文一路99号',
      postalCode: '310000',
    },
    remark: undefined,
    orderVersion: version,
  };
}

/** What a use case of the orders service does: the event is committed, the relay publishes it. */
function commitEvent(payload: EventPayload<typeof SUBJECT>): Promise<string> {
  return orm.em
    .fork()
    .transactional((tx) =>
      Outbox.add(tx, SUBJECT, payload, { aggregateId: payload.orderId, aggregateVersion: payload.orderVersion }),
    );
}

async function subscribe(
  durable: string,
  start: Parameters<typeof ensureDurableConsumer>[1]['start'],
  handle: (event: PlatformEvent) => Promise<void>,
) {
  await ensureDurableConsumer(jsm, { stream, durable, filterSubject: `${prefix}.cs.orders.>`, start });
  const letters: DeadLetter[] = [];
  const processed = new InMemoryProcessedEvents();
  const subscriber = new EventSubscriber({
    js: jetstream(nc),
    stream,
    durable,
    processed,
    handle,
    onDeadLetter: async (letter) => void letters.push(letter),
    maxDeliveries: 2,
    retryDelayMs: 10,
  });
  subscribers.push(subscriber);
  await subscriber.start();
  return { letters, processed };
}

async function ackFloor(durable: string): Promise<number> {
  return (await jsm.consumers.info(stream, durable)).ack_floor.stream_seq;
}

describe('the example subscriber', () => {
  it('declares the versions of the stock packages this repository installs and tests', () => {
    const read = (path: string) => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8'));
    const example = read('../../examples/event-subscriber/package.json').dependencies;
    const bus = read('../../libs/bus/package.json').dependencies;
    expect(example).toEqual({
      '@nats-io/jetstream': bus['@nats-io/jetstream'],
      '@nats-io/transport-node': bus['@nats-io/transport-node'],
      cloudevents: read('../../package.json').devDependencies.cloudevents,
    });
  });

  let firstId: string;
  let secondId: string;

  it('receives a published event as a typed CloudEvent, and handles a re-publish of it (same ce-id) once', async () => {
    const handled: PlatformEvent[] = [];
    await subscribe('erp__orders', { from: 'new' }, async (event) => void handled.push(event));

    const first = addressChanged('TB1001', 3, '杭州市');
    firstId = await commitEvent(first);
    await waitFor('the first event handled', () => handled.length === 1);
    const [event] = handled;
    expect(event?.cloudEvent).toMatchObject({
      id: firstId,
      type: SUBJECT,
      source: '/cs/orders',
      subject: 'TB1001',
      specversion: '1.0',
      datacontenttype: 'application/json',
      aggregateversion: '3',
    });
    expect(Number.isNaN(Date.parse(event?.cloudEvent.time ?? ''))).toBe(false);
    // Typed by its subject: the payload is the decoded message, not loose JSON.
    if (event?.type !== SUBJECT) throw new Error(`unexpected ${event?.type}`);
    expect(event.data.newAddress?.city).toBe('杭州市');
    expect(event.data).toEqual(codecFor(SUBJECT).fromJSON(codecFor(SUBJECT).toJSON(first)));

    // A relay that re-publishes after JetStream's duplicate window stores the event a second time.
    // The relay publishes it on its aggregate's partition of the subject.
    const stored = await jsm.streams.getMessage(stream, { last_by_subj: eventNatsSubject(prefix, SUBJECT, 'TB1001') });
    const copy = natsHeaders();
    for (const [name, values] of stored!.header) if (!name.startsWith('Nats-')) copy.set(name, values[0]!);
    await jetstream(nc).publish(stored!.subject, stored!.data, { headers: copy, msgID: `${firstId}-again` });
    secondId = await commitEvent(addressChanged('TB1001', 4, '宁波市'));

    await waitFor('the second event handled', () => handled.length === 2);
    expect(handled.map((e) => e.cloudEvent.id)).toEqual([firstId, secondId]);
    expect((await jsm.streams.info(stream)).state.messages).toBe(3);
    // The copy was acknowledged, not left to come back.
    await waitFor('every message acknowledged', async () => (await ackFloor('erp__orders')) === 3);
  });

  it('replays from a time T, gives up on an event its handler keeps failing on, and replays that dead letter from the stream', async () => {
    const copyTime = (await jsm.streams.getMessage(stream, { seq: 2 }))!.time;
    const handled: string[] = [];
    const { letters, processed } = await subscribe(
      'erp__orders_replay',
      { from: 'time', time: copyTime },
      async (e) => {
        if (e.cloudEvent.id === secondId) throw new Error('ERP refused the address');
        handled.push(e.cloudEvent.id);
      },
    );

    await waitFor('a dead letter', () => letters.length === 1);
    // From T on: the copy (#2) and the second event (#3), not the first (#1).
    expect(handled).toEqual([firstId]);
    expect(letters[0]).toMatchObject({ stream, sequence: 3, eventId: secondId, deliveries: 2 });
    expect(letters[0]?.error).toContain('ERP refused');
    await waitFor('the dead letter terminated', async () => (await ackFloor('erp__orders_replay')) === 3);

    // The cause is fixed: handle it again, read from the stream by its sequence; a second replay changes nothing.
    const replayed: string[] = [];
    const fixed = async (e: PlatformEvent) => void replayed.push(e.cloudEvent.id);
    expect(await replayStoredEvent(jsm, letters[0]!, processed, fixed)).toBe('handled');
    expect(await replayStoredEvent(jsm, letters[0]!, processed, fixed)).toBe('duplicate');
    expect(replayed).toEqual([secondId]);
  });
});
