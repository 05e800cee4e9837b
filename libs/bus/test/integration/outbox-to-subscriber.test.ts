import { codecFor } from '@cs/contracts';
import { waitFor } from '@cs/testing';
import { AckPolicy, type Consumer, jetstream } from '@nats-io/jetstream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headerRecord } from '../../src/cloud-event.codec.js';
import { eventNatsSubject } from '../../src/naming.util.js';
import { Outbox } from '../../src/outbox.writer.js';
import { OutboxRelay } from '../../src/outbox-relay.service.js';
import { type BusFixture, openBusFixture } from './support/bus.fixture.js';
import { addressChanged, changeAddress, ORDER_STATE_TABLE } from './support/order-events.js';

let fx: BusFixture;
let relay: OutboxRelay;
let subscriber: Consumer;

beforeAll(async () => {
  fx = await openBusFixture('outbox_subscriber');
  await fx.sql(ORDER_STATE_TABLE);
  await fx.ensureOrderStreams();
  // An integrator's durable subscriber on the orders stream.
  await fx.jsm.consumers.add(fx.stream('CS_ORDERS'), {
    durable_name: 'integrator',
    ack_policy: AckPolicy.Explicit,
    filter_subject: `${fx.prefix}.cs.orders.order.address_changed.*`,
  });
  subscriber = await jetstream(fx.nc).consumers.get(fx.stream('CS_ORDERS'), 'integrator');
  relay = new OutboxRelay({ databaseUrl: fx.databaseUrl, nc: fx.nc, source: '/cs/orders', subjectPrefix: fx.prefix });
  await relay.start();
});

afterAll(async () => {
  await relay?.stop();
  await fx?.close();
});

async function nextEvent() {
  const msg = await subscriber.next({ expires: 10_000 });
  if (!msg) throw new Error('no event reached the subscriber within 10 s');
  msg.ack();
  return msg;
}

describe('transactional outbox → JetStream', () => {
  it('delivers an event written with its state change to a durable subscriber, as a CloudEvent whose Nats-Msg-Id is its ce-id', async () => {
    const eventId = await changeAddress(fx.orm.em, 'order-1', 3, 'Suzhou');

    const msg = await nextEvent();
    const headers = headerRecord(msg.headers);
    // The subscriber may see the event before the relay's transaction marking it published commits.
    const row = await waitFor('the outbox row marked published', async () => {
      const [found] = await fx.sql<{ created_at: string; published: boolean }>(
        `select to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as created_at,
                published_at is not null as published
           from cs_outbox where id = ?`,
        [eventId],
      );
      return found?.published ? found : undefined;
    });
    // The partition of the order: all of its events on one subject, in order.
    expect(msg.subject).toBe(eventNatsSubject(fx.prefix, 'cs.orders.order.address_changed', 'order-1'));
    expect(headers).toMatchObject({
      'ce-id': eventId,
      'nats-msg-id': eventId,
      'ce-type': 'cs.orders.order.address_changed',
      'ce-source': '/cs/orders',
      'ce-subject': 'order-1',
      'ce-specversion': '1.0',
      'ce-aggregateversion': '3',
      'content-type': 'application/json',
    });
    expect(headers['ce-time']).toBe(row.created_at);
    expect(eventId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const body = JSON.parse(new TextDecoder().decode(msg.data));
    expect(body).toEqual(codecFor('cs.orders.order.address_changed').toJSON(addressChanged('order-1', 3, 'Suzhou')));
    expect(codecFor('cs.orders.order.address_changed').fromJSON(body)).toEqual(addressChanged('order-1', 3, 'Suzhou'));
    expect(await fx.sql('select city, version from order_state where order_id = ?', ['order-1'])).toEqual([
      { city: 'Suzhou', version: 3 },
    ]);
  });

  it('leaves neither the state change nor the event when the transaction fails after Outbox.add', async () => {
    await expect(
      fx.orm.em.fork().transactional(async (tx) => {
        await tx.execute('insert into order_state (order_id, city, version) values (?, ?, ?)', [
          'order-2',
          'Ningbo',
          1,
        ]);
        await Outbox.add(tx, 'cs.orders.order.address_changed', addressChanged('order-2', 1, 'Ningbo'), {
          aggregateId: 'order-2',
          aggregateVersion: 1,
        });
        throw new Error('rule broken after the event was recorded');
      }),
    ).rejects.toThrow('rule broken');

    expect(await fx.sql('select * from order_state where order_id = ?', ['order-2'])).toEqual([]);
    expect(await fx.sql('select * from cs_outbox where aggregate_id = ?', ['order-2'])).toEqual([]);
    // The next event that does commit is the next one the subscriber sees: nothing of order-2 came before it.
    const committedId = await changeAddress(fx.orm.em, 'order-3', 1);
    const msg = await nextEvent();
    expect(headerRecord(msg.headers)['ce-id']).toBe(committedId);
    expect(await fx.messageCount('CS_ORDERS')).toBe(2);
  });

  it('refuses an Outbox.add outside a transaction, since the event would not be atomic with the change', async () => {
    const em = fx.orm.em.fork();
    await expect(
      Outbox.add(em, 'cs.orders.order.address_changed', addressChanged('order-4', 1), {
        aggregateId: 'order-4',
        aggregateVersion: 1,
      }),
    ).rejects.toThrow(/outside a transaction/);
    expect(await fx.sql('select * from cs_outbox where aggregate_id = ?', ['order-4'])).toEqual([]);
  });

  it('rejects an aggregate version that is not a non-negative integer and writes nothing', async () => {
    await expect(
      fx.orm.em.fork().transactional((tx) =>
        Outbox.add(tx, 'cs.orders.order.address_changed', addressChanged('order-5', 1), {
          aggregateId: 'order-5',
          aggregateVersion: 1.5,
        }),
      ),
    ).rejects.toThrow(/aggregateVersion/);
    expect(await fx.sql('select * from cs_outbox where aggregate_id = ?', ['order-5'])).toEqual([]);
  });
});
