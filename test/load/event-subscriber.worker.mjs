// The subscriber of the event-latency benchmark, as its own process (a consuming service): a Nest
// microservice on JetStreamServer with one @OnEvent handler that records, in the handler's
// transaction, when it ran. Started by event-latency.bench.mjs with fork(); "stop" over IPC ends it.
// Plain .mjs, so the decorators are applied by hand (what TypeScript would emit).
import 'reflect-metadata';
import { JetStreamServer, OnEvent } from '@cs/bus';
import { ensureDatabaseExists, migrate, openDatabase } from '@cs/persistence';
import { connect } from '@nats-io/transport-node';
import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

const { DATABASE_URL, NATS_URL, SUBJECT_PREFIX, CONSUMER_CONCURRENCY, CONSUMER_BATCH_SIZE } = process.env;

class LatencySink {
  /** ce_time = the outbox row's created_at (ms precision in the header); received_at = now, by the database clock. */
  async onAddressChanged(_event, ctx) {
    await ctx.em.execute(
      'insert into bench_received (event_id, ce_time, received_at, aggregate_id, version) values (?, ?, clock_timestamp(), ?, ?)',
      [ctx.eventId, ctx.time, ctx.aggregateId, ctx.aggregateVersion],
    );
  }
}
const descriptor = Object.getOwnPropertyDescriptor(LatencySink.prototype, 'onAddressChanged');
OnEvent('cs.orders.order.address_changed')(LatencySink.prototype, 'onAddressChanged', descriptor);
Object.defineProperty(LatencySink.prototype, 'onAddressChanged', descriptor);
Controller()(LatencySink);

class LatencySinkModule {}
Module({ controllers: [LatencySink] })(LatencySinkModule);

await ensureDatabaseExists(DATABASE_URL);
const orm = await openDatabase({ url: DATABASE_URL, entities: [], migrations: [] });
await migrate(orm); // cs_inbox (and cs_outbox) from @cs/persistence
// No key: a duplicate delivery that got past the inbox would show up as a second row.
await orm.em.fork().execute(`create table if not exists bench_received (
  event_id text not null, ce_time timestamptz not null, received_at timestamptz not null,
  aggregate_id text not null, version bigint not null)`);
const nc = await connect({ servers: NATS_URL, name: 'benchsub' });
const server = new JetStreamServer({
  nc,
  serviceName: 'benchsub',
  orm,
  subjectPrefix: SUBJECT_PREFIX,
  ...(CONSUMER_CONCURRENCY ? { concurrency: Number(CONSUMER_CONCURRENCY) } : {}),
  ...(CONSUMER_BATCH_SIZE ? { batchSize: Number(CONSUMER_BATCH_SIZE) } : {}),
});
const app = await NestFactory.createMicroservice(LatencySinkModule, { strategy: server, logger: ['error', 'warn'] });
await app.listen();

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await app.close();
  await nc.drain().catch(() => {});
  await orm.close();
  process.exit(0);
}
process.on('message', (message) => {
  if (message === 'stop') return void stop();
  // { id, type: 'partitions' }: the event partitions this replica reads now.
  if (message?.type === 'partitions') process.send({ id: message.id, result: server.stats().partitions });
});
process.once('SIGTERM', () => void stop());
process.once('disconnect', () => void stop()); // the benchmark died: do not linger
process.send?.('ready');
