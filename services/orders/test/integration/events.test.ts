import { randomUUID } from 'node:crypto';
import {
  durableName,
  type EventContext,
  eventNatsSubject,
  JetStreamServer,
  OnEvent,
  partitionDurableName,
  partitionOf,
  prefixStream,
  producerStream,
} from '@cs/bus';
import type { OrderAddressChanged } from '@cs/contracts/cs/orders/v1/events';
import { FulfilmentStage } from '@cs/contracts/cs/orders/v1/order';
import { migrate, openDatabase } from '@cs/persistence';
import { createTestDatabase, type TestDatabase, waitFor } from '@cs/testing';
import { status } from '@grpc/grpc-js';
import type { MikroORM } from '@mikro-orm/postgresql';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection, headers as natsHeaders } from '@nats-io/transport-node';
import type { INestMicroservice } from '@nestjs/common';
import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmation, newAddress, type OrdersHarness, startOrders } from './orders-fixture.js';

/** A printing-desk subscriber with its own database, consuming through a durable consumer and the inbox. */
@Controller()
class PrintingDesk {
  static calls = 0;

  @OnEvent('cs.orders.order.address_changed')
  async onAddressChanged(event: OrderAddressChanged, ctx: EventContext): Promise<void> {
    PrintingDesk.calls++;
    await ctx.em.execute('insert into reprints (order_id, event_id) values (?, ?)', [event.orderId, ctx.eventId]);
  }
}

@Module({ controllers: [PrintingDesk] })
class PrintingDeskModule {}

let h: OrdersHarness;
let deskDb: TestDatabase;
let deskOrm: MikroORM;
let desk: INestMicroservice;
let nc: NatsConnection;

beforeAll(async () => {
  h = await startOrders();
  deskDb = await createTestDatabase(h.sut.database.url, 'printing_desk');
  deskOrm = await openDatabase({ url: deskDb.url, entities: [], migrations: [] });
  await migrate(deskOrm);
  await deskOrm.em.fork().execute('create table reprints (order_id text not null, event_id text not null)');
  nc = await connect({ servers: h.sut.service.config.natsServers });
  desk = await NestFactory.createMicroservice(PrintingDeskModule, {
    strategy: new JetStreamServer({
      nc,
      serviceName: 'printingdesk',
      orm: deskOrm,
      subjectPrefix: h.sut.subjectPrefix,
    }),
    logger: false,
  });
  await desk.listen();
});

afterAll(async () => {
  await desk?.close();
  await nc?.drain();
  await deskOrm?.close();
  await deskDb?.drop();
  await h?.close();
});

const reprintsOf = async (orderId: string) =>
  deskOrm.em.fork().execute<{ event_id: string }[]>('select event_id from reprints where order_id = ?', [orderId]);

describe('events from the order desk', () => {
  it('reach a durable subscriber exactly once in effect, even when delivered twice', async () => {
    const orderId = await h.orderAt(FulfilmentStage.FULFILMENT_STAGE_PAID);
    await h.grpc.changeAddress({
      orderId,
      newAddress,
      confirmation: confirmation(),
      idempotencyKey: randomUUID(),
    });
    const [first] = await waitFor('the printing desk to handle the change', async () => {
      const rows = await reprintsOf(orderId);
      return rows.length ? rows : undefined;
    });
    const callsBefore = PrintingDesk.calls;

    // Deliver the very same event again, past JetStream's duplicate window (a new Nats-Msg-Id),
    // as a producer retry after a crash would.
    const original = await waitFor('the original message on the stream', () =>
      h.events.ofSubject('cs.orders.order.address_changed').find((e) => e.data.orderId === orderId),
    );
    const headers = natsHeaders();
    for (const [key, value] of Object.entries(original.headers)) if (key !== 'Nats-Msg-Id') headers.set(key, value);
    const aggregateId = original.headers['ce-subject'] ?? '';
    const subject = eventNatsSubject(h.sut.subjectPrefix, 'cs.orders.order.address_changed', aggregateId);
    const ack = await jetstream(nc).publish(subject, JSON.stringify(original.data), {
      headers,
      msgID: `redelivery-${randomUUID()}`,
    });
    expect(ack.duplicate).toBe(false);

    const jsm = await jetstreamManager(nc);
    const stream = prefixStream(h.sut.subjectPrefix, producerStream('orders'));
    const durable = partitionDurableName(
      durableName('printingdesk', 'cs.orders.order.address_changed'),
      partitionOf(aggregateId),
    );
    await waitFor('the duplicate to be acknowledged', async () => {
      const info = await jsm.consumers.info(stream, durable);
      return info.ack_floor.stream_seq >= ack.seq;
    });
    expect(await reprintsOf(orderId)).toEqual([first]);
    expect(first?.event_id).toBe(original.headers['ce-id']);
    expect(PrintingDesk.calls).toBe(callsBefore);
  });

  it('a forced failure between the state change and its event leaves neither', async () => {
    const orderId = await h.orderAt(FulfilmentStage.FULFILMENT_STAGE_PAID);
    const before = await h.grpc.getOrder({ orderId });
    const confirmed = confirmation();
    const em = h.sut.service.orm.em.fork();
    // The outbox insert fails after the order update in the same transaction.
    await em.execute(`create function fail_outbox() returns trigger language plpgsql as $$
      begin if new.aggregate_id = '${orderId}' then raise exception 'forced failure'; end if; return new; end $$`);
    await em.execute(
      'create trigger fail_outbox before insert on cs_outbox for each row execute function fail_outbox()',
    );
    try {
      const error = await h.grpc
        .changeAddress({ orderId, newAddress, confirmation: confirmed, idempotencyKey: 'forced' })
        .catch((e) => e);
      expect(error.code).toBe(status.INTERNAL);
    } finally {
      await em.execute('drop trigger fail_outbox on cs_outbox');
      await em.execute('drop function fail_outbox');
    }
    const after = await h.grpc.getOrder({ orderId });
    expect(after.order).toEqual(before.order);
    const outboxRows = await em.execute('select id from cs_outbox where aggregate_id = ? and subject = ?', [
      orderId,
      'cs.orders.order.address_changed',
    ]);
    expect(outboxRows).toEqual([]);
    // The idempotency key was not consumed either: the retry goes through and publishes once.
    const retry = await h.grpc.changeAddress({
      orderId,
      newAddress,
      confirmation: confirmed,
      idempotencyKey: 'forced',
    });
    expect(retry.order?.version).toBe((before.order?.version ?? 0) + 1);
    await waitFor(
      'exactly one address_changed event after the retry',
      () =>
        h.events.ofSubject('cs.orders.order.address_changed').filter((e) => e.data.orderId === orderId).length === 1,
    );
  });
});
