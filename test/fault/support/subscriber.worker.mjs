// One consuming replica as its own process (the built @cs/bus, as services run it), for tests that
// kill it mid-batch. Its handler records each event with the id of the transaction it ran in, and
// pauses a little so batches stay open long enough to be caught. Env: DATABASE_URL, NATS_URL,
// SUBJECT_PREFIX, LEASE_RENEW_MS (partition lease renewal, default 500), APPLICATION_NAME (of its
// database connections, default fault-subscriber). Says 'ready' over IPC.
import 'reflect-metadata';
import { JetStreamServer, OnEvent } from '@cs/bus';
import { openDatabase } from '@cs/persistence';
import { connect } from '@nats-io/transport-node';
import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

const {
  DATABASE_URL,
  NATS_URL,
  SUBJECT_PREFIX,
  LEASE_RENEW_MS = '500',
  APPLICATION_NAME = 'fault-subscriber',
} = process.env;

class Recorder {
  async onAddressChanged(_event, ctx) {
    await ctx.em.execute(
      `insert into fault_handled (event_id, aggregate_id, version, xid)
       select ?, ?, ?, txid_current() from pg_sleep(0.002)`,
      [ctx.eventId, ctx.aggregateId, ctx.aggregateVersion],
    );
  }
}
const descriptor = Object.getOwnPropertyDescriptor(Recorder.prototype, 'onAddressChanged');
OnEvent('cs.orders.order.address_changed')(Recorder.prototype, 'onAddressChanged', descriptor);
Object.defineProperty(Recorder.prototype, 'onAddressChanged', descriptor);
Controller()(Recorder);
class RecorderModule {}
Module({ controllers: [Recorder] })(RecorderModule);

const orm = await openDatabase({
  url: DATABASE_URL,
  entities: [],
  migrations: [],
  pool: { applicationName: APPLICATION_NAME },
});
const nc = await connect({ servers: NATS_URL, name: 'fault-subscriber' });
const server = new JetStreamServer({
  nc,
  serviceName: 'faultsub',
  orm,
  subjectPrefix: SUBJECT_PREFIX,
  concurrency: 2,
  batchSize: 20,
  ackWaitMs: 2000,
  leaseRenewMs: Number(LEASE_RENEW_MS),
});
const app = await NestFactory.createMicroservice(RecorderModule, { strategy: server, logger: ['error'] });
await app.listen();
process.once('disconnect', () => process.exit(0)); // the test died: do not linger
process.send?.('ready');
