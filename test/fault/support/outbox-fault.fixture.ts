import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { connectBus, ensureStreams, Outbox } from '@cs/bus';
import { migrate, openDatabase } from '@cs/persistence';
import { createTestDatabase, deleteTestStreams, type TestDatabase, uniqueSubjectPrefix } from '@cs/testing';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { NatsConnection } from '@nats-io/transport-node';
import { ensureServicesBuilt } from '../../e2e/processes/support/build.js';

/**
 * A database with the messaging tables, orders' streams under a fresh prefix, and bus worker
 * processes (test/fault/support/*.worker.mjs) started against them: what the outbox fault tests share.
 */
export class OutboxFault {
  private readonly cleanups: (() => Promise<unknown>)[] = [];
  private readonly workers: ChildProcess[] = [];

  private constructor(
    readonly db: TestDatabase,
    readonly orm: MikroORM,
    readonly nc: NatsConnection,
    readonly prefix: string,
    private readonly natsUrl: string,
  ) {}

  static async open(infrastructure: { postgresUrl: string; natsUrl: string }, name: string): Promise<OutboxFault> {
    // The workers run the built @cs/bus, as services do; built only when stale, so never under other suites' feet.
    await ensureServicesBuilt(['orders']);
    const db = await createTestDatabase(infrastructure.postgresUrl, name);
    const orm = await openDatabase({ url: db.url, entities: [], migrations: [] });
    await migrate(orm);
    const prefix = uniqueSubjectPrefix();
    const nc = await connectBus({ natsUrl: infrastructure.natsUrl, serviceName: 'fault-test' });
    const fault = new OutboxFault(db, orm, nc, prefix, infrastructure.natsUrl);
    fault.cleanups.push(
      () => db.drop(),
      () => orm.close(true),
      () => deleteTestStreams(infrastructure.natsUrl, prefix),
      () => nc.close(),
    );
    await ensureStreams(nc, { producers: ['orders'], subjectPrefix: prefix });
    return fault;
  }

  /** Forks support/<script> on this database and prefix; resolves once it says it is ready. */
  startWorker(script: string, env: Record<string, string> = {}): Promise<ChildProcess> {
    // The test runner's own settings (NODE_OPTIONS, source conditions) would make the worker load TypeScript sources.
    const inherited = Object.fromEntries(
      Object.entries(process.env).filter(([key]) => !/^(VITEST|NODE_OPTIONS$)/.test(key)),
    );
    const worker = fork(join(import.meta.dirname, script), [], {
      env: { ...inherited, DATABASE_URL: this.db.url, NATS_URL: this.natsUrl, SUBJECT_PREFIX: this.prefix, ...env },
      execArgv: [],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    this.workers.push(worker);
    return new Promise((ready, fail) => {
      worker.once('message', () => ready(worker));
      worker.once('exit', (code) => fail(new Error(`${script} exited with ${code} before it was ready`)));
    });
  }

  /** One transaction per version: an address change of every aggregate `<name>-<n>`, as a campaign page writes them. */
  async writeVersions(aggregate: string, aggregates: number, from: number, to: number): Promise<void> {
    for (let version = from; version <= to; version++) {
      await this.orm.em.fork().transactional((em) =>
        Outbox.addMany(
          em,
          'cs.orders.order.address_changed',
          Array.from({ length: aggregates }, (_, a) => ({
            payload: { orderId: `${aggregate}-${a}`, orderVersion: version } as never,
            meta: { aggregateId: `${aggregate}-${a}`, aggregateVersion: version },
          })),
        ),
      );
    }
  }

  async close(): Promise<void> {
    for (const worker of this.workers)
      if (worker.exitCode === null && worker.signalCode === null) worker.kill('SIGKILL');
    for (const cleanup of this.cleanups.reverse()) await cleanup().catch(() => undefined);
  }
}
