import { migrate, openDatabase } from '@cs/persistence';
import { createTestDatabase, deleteTestStreams, type TestDatabase, uniqueSubjectPrefix } from '@cs/testing';
import type { MikroORM } from '@mikro-orm/postgresql';
import { type JetStreamManager, jetstreamManager, type StoredMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { inject } from 'vitest';
import { connectBus } from '../../../src/bus-connection.factory.js';
import { EVENT_PARTITIONS, partitionDurableName, prefixStream } from '../../../src/naming.util.js';
import { ensureStreams } from '../../../src/streams.setup.js';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
    natsUrl: string;
  }
}

/** One test file's world: its own database (migrated) and its own subject/stream prefix on the shared NATS server. */
export interface BusFixture {
  natsUrl: string;
  databaseUrl: string;
  prefix: string;
  orm: MikroORM;
  nc: NatsConnection;
  jsm: JetStreamManager;
  /** The (prefixed) stream of a logical stream, e.g. "CS_ORDERS". */
  stream(name: string): string;
  /** Creates CS_ORDERS and CS_DLQ under this prefix. */
  ensureOrderStreams(): Promise<void>;
  /** The messages stored in a (prefixed) stream, oldest first. */
  storedMessages(name: string): Promise<StoredMsg[]>;
  messageCount(name: string): Promise<number>;
  /** Nothing pending or unacknowledged on any partition of a (base) durable consumer of a (logical) stream. */
  consumerSettled(streamName: string, durable: string): Promise<boolean>;
  sql<T = Record<string, unknown>>(query: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export async function openBusFixture(label: string): Promise<BusFixture> {
  const natsUrl = inject('natsUrl');
  const db: TestDatabase = await createTestDatabase(inject('postgresUrl'), label);
  const orm = await openDatabase({ url: db.url, entities: [], migrations: [] });
  await migrate(orm);
  const prefix = uniqueSubjectPrefix();
  const nc = await connectBus({ natsUrl, serviceName: 'bus-test' });
  const jsm = await jetstreamManager(nc);
  const stream = (name: string) => prefixStream(prefix, name);
  const fixture: BusFixture = {
    natsUrl,
    databaseUrl: db.url,
    prefix,
    orm,
    nc,
    jsm,
    stream,
    ensureOrderStreams: () => ensureStreams(nc, { producers: ['orders'], subjectPrefix: prefix }),
    async storedMessages(name) {
      const info = await jsm.streams.info(stream(name));
      const messages: StoredMsg[] = [];
      for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
        const message = await jsm.streams.getMessage(stream(name), { seq });
        if (message) messages.push(message);
      }
      return messages;
    },
    async messageCount(name) {
      return (await jsm.streams.info(stream(name))).state.messages;
    },
    async consumerSettled(streamName, durable) {
      for (let partition = 0; partition < EVENT_PARTITIONS; partition++) {
        const info = await jsm.consumers.info(stream(streamName), partitionDurableName(durable, partition));
        if (info.num_pending > 0 || info.num_ack_pending > 0) return false;
      }
      return true;
    },
    sql: (query, params = []) => orm.em.fork().execute(query, params as unknown[]) as never,
    async close() {
      await nc.close();
      await deleteTestStreams(natsUrl, prefix);
      await orm.close(true);
      await db.drop();
    },
  };
  return fixture;
}
