import { hostname } from 'node:os';
import { type EventSubject, isEventSubject } from '@cs/contracts';
import { type JetStreamClient, type JetStreamManager, jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { type CustomTransportStrategy, Server } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import { connectBus } from './bus-connection.factory.js';
import { type BusLogger, noopLogger } from './bus-logger.util.js';
import { consumerMetrics, type PendingSource } from './consumer.metrics.js';
import { type ConsumerRoute, consumerRoute, partitionRoutes } from './consumer-route.model.js';
import {
  type ConsumerStart,
  type DurableSettings,
  ensureDurableConsumer,
  START_FROM_ALL,
} from './durable-consumer.setup.js';
import type { JetStreamContext } from './event.context.js';
import { handlerFailure } from './handler-failure.store.js';
import { integerAtLeast, type JetStreamServerOptions } from './jetstream-server.options.js';
import { MessageProcessor, type Outcome } from './message.processor.js';
import { MessageBatchProcessor } from './message-batch.processor.js';
import { assertServiceName, assertSubjectPrefix, durableName, partitionOfSubject } from './naming.util.js';
import { PartitionLeases } from './partition-leases.js';
import { RouteConsumer } from './route-consumer.service.js';
import { ensureStream, streamSpecs } from './streams.setup.js';
import { JETSTREAM_TRANSPORT } from './transport.constants.js';
import { uuidv7 } from './uuid-v7.util.js';

export type { JetStreamServerOptions } from './jetstream-server.options.js';

export type JetStreamServerStatus = 'connected' | 'closing' | 'closed';

/** What this replica did with the messages it pulled, since it started. */
export type JetStreamServerStats = Record<Outcome, number> & {
  inFlight: number;
  consumers: number;
  /** The event partitions this replica reads. */
  partitions: number[];
};

type Listener = (...args: unknown[]) => void;

/**
 * A Nest microservice transport over JetStream: `app.connectMicroservice({ strategy: new JetStreamServer({…}) })`.
 * Every @OnEvent / @EventPattern handler subject gets a durable pull consumer per event partition on its
 * producer's stream. The replicas of this service share the partitions out (PartitionLeases), one
 * replica per partition at a time: each event is handled by one replica, once (inbox), and each
 * aggregate's events in order.
 */
export class JetStreamServer
  extends Server<Record<string, Listener>, JetStreamServerStatus>
  implements CustomTransportStrategy
{
  override transportId = JETSTREAM_TRANSPORT;
  override readonly propagatesEventHandlerErrors = true;

  private readonly busLogger: BusLogger;
  private readonly prefix: string;
  private readonly maxDeliver: number;
  private readonly backoffMs: number[];
  private readonly ackWaitMs: number;
  private readonly inboxRetentionMs: number;
  private readonly concurrency: number;
  private readonly batchSize: number;
  private readonly leaseRenewMs: number;
  private readonly pullExpiresMs: number;
  /** This replica among the service's replicas sharing the event partitions. */
  readonly member: string;
  private leases?: PartitionLeases;
  private pendingSource?: PendingSource;
  private readonly listeners = new Map<string, Listener[]>();
  private readonly handlers = new Map<string, NonNullable<ReturnType<Server['getHandlerByPattern']>>>();
  private consumers: RouteConsumer[] = [];
  private nc?: NatsConnection;
  private js?: JetStreamClient;
  private jsm?: JetStreamManager;
  private routes: ConsumerRoute[] = [];
  private closed?: Promise<void>;
  private readonly outcomes: Record<Outcome, number> = { handled: 0, duplicate: 0, retry: 0, 'dead-lettered': 0 };

  constructor(private readonly options: JetStreamServerOptions) {
    super();
    assertServiceName(options.serviceName);
    this.prefix = assertSubjectPrefix(options.subjectPrefix);
    this.maxDeliver = integerAtLeast('maxDeliver', options.maxDeliver ?? 5, 1);
    this.backoffMs = options.backoffMs ?? [1000, 5000, 15000, 30000];
    this.ackWaitMs = integerAtLeast('ackWaitMs', options.ackWaitMs ?? 10_000, 1000);
    this.inboxRetentionMs = integerAtLeast('inboxRetentionMs', options.inboxRetentionMs ?? 30 * 86_400_000, 1000);
    this.concurrency = integerAtLeast('concurrency', options.concurrency ?? 4, 1);
    this.batchSize = integerAtLeast('batchSize', options.batchSize ?? 32, 1);
    this.leaseRenewMs = integerAtLeast('leaseRenewMs', options.leaseRenewMs ?? 2000, 100);
    this.pullExpiresMs = integerAtLeast('pullExpiresMs', options.pullExpiresMs ?? 30_000, 1000);
    this.member = `${options.serviceName}@${hostname()}:${process.pid}:${uuidv7().slice(-12)}`;
    this.busLogger = options.logger ?? noopLogger;
    if (!options.nc && !options.natsUrl) throw new Error('JetStreamServer: natsUrl or nc is required');
  }

  /** Called by Nest once the handlers are registered. */
  listen(callback: (error?: unknown) => void): void {
    this.start().then(
      () => callback(),
      async (error) => {
        if (!this.options.nc) await this.nc?.close().catch(() => {});
        callback(error);
      },
    );
  }

  /** Stops pulling, lets the messages in flight finish (and naks the ones not yet started), then closes its own connection. */
  close(): Promise<void> {
    this.closed ??= this.shutdown();
    return this.closed;
  }

  on(event: string, callback: Listener): void {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), callback]);
  }

  /** The NATS connection. */
  unwrap<T = NatsConnection>(): T {
    if (!this.nc) throw new Error('JetStreamServer is not listening');
    return this.nc as T;
  }

  stats(): JetStreamServerStats {
    const inFlight = this.consumers.reduce((sum, consumer) => sum + consumer.inFlightCount, 0);
    return { ...this.outcomes, inFlight, consumers: this.routes.length, partitions: this.leases?.partitions ?? [] };
  }

  /** The consumers this server runs (after listen). */
  consumerRoutes(): readonly ConsumerRoute[] {
    return this.routes;
  }

  private async start(): Promise<void> {
    this.routes = this.collectRoutes();
    this.nc =
      this.options.nc ??
      (await connectBus({
        natsUrl: this.options.natsUrl as string,
        serviceName: this.options.serviceName,
        logger: this.busLogger,
      }));
    this.jsm = await jetstreamManager(this.nc);
    this.js = jetstream(this.nc);
    if (this.options.ensureStreams !== false) {
      const producers = [...new Set(this.routes.map((r) => r.producer))];
      for (const spec of streamSpecs({ producers, subjectPrefix: this.prefix })) {
        await ensureStream(this.jsm, spec, { update: false, logger: this.busLogger });
      }
    }
    const partitions = this.routes.flatMap(partitionRoutes);
    const jsm = this.jsm;
    const ensured = await Promise.all(
      partitions.map((route) => ensureDurableConsumer(jsm, route, this.durableSettings(), this.busLogger)),
    );
    const known = new Map(ensured.map((info) => [info.name, info]));
    const processor = new MessageProcessor({
      orm: this.options.orm,
      js: this.js,
      invoke: (subject, payload, ctx) => this.invoke(subject, payload, ctx),
      maxDeliver: this.maxDeliver,
      backoffMs: this.backoffMs,
      ackWaitMs: this.ackWaitMs,
      publishTimeoutMs: 5000,
      logger: this.busLogger,
      fence: { member: this.member },
      onDeadLetter: (route, msg, error) => this.emit('dead_letter', route, msg, error),
    });
    const batches = new MessageBatchProcessor(processor, {
      orm: this.options.orm,
      invoke: (subject, payload, ctx) => this.invoke(subject, payload, ctx),
      ackWaitMs: this.ackWaitMs,
      logger: this.busLogger,
      fence: { member: this.member },
    });
    this.consumers = this.routes.map(
      (route) =>
        new RouteConsumer(route, {
          js: this.js as JetStreamClient,
          jsm: this.jsm as JetStreamManager,
          processor: batches,
          concurrency: this.concurrency,
          batchSize: this.batchSize,
          pullExpiresMs: this.pullExpiresMs,
          known,
          durable: this.durableSettings(),
          logger: this.busLogger,
          onOutcome: (outcome) => {
            this.outcomes[outcome] += 1;
          },
          onError: (error) => this.emit('error', error),
        }),
    );
    if (this.consumers.length > 0) {
      const consumers = this.consumers;
      this.leases = new PartitionLeases(
        {
          orm: this.options.orm,
          member: this.member,
          leaseMs: this.ackWaitMs + 4 * this.leaseRenewMs,
          renewEveryMs: this.leaseRenewMs,
          ackWaitMs: this.ackWaitMs,
          logger: this.busLogger,
        },
        {
          read: (ps) => {
            for (const consumer of consumers) consumer.read(ps);
          },
          stopReading: async (ps, options) =>
            (await Promise.all(consumers.map((consumer) => consumer.stopReading(ps, options)))).every(Boolean),
        },
      );
      await this.leases.start();
    }
    this.pendingSource = {
      jsm,
      routes: () => {
        const held = new Set(this.leases?.partitions ?? []);
        return partitions.filter((route) => held.has(partitionOfSubject(route.natsSubject)));
      },
    };
    consumerMetrics.observe(this.pendingSource);
    this._status$.next('connected');
    this.busLogger.info({ consumers: this.routes.map((r) => r.durable) }, 'JetStream transport listening');
  }

  private collectRoutes(): ConsumerRoute[] {
    const routes: ConsumerRoute[] = [];
    for (const [pattern, handler] of this.messageHandlers) {
      if (!handler.isEventHandler) {
        this.busLogger.warn({ pattern }, 'JetStream transport ignores request-response (@MessagePattern) handlers');
        continue;
      }
      if (!isEventSubject(pattern)) {
        throw new Error(`event handler pattern ${pattern} is not a subject of the event catalogue (@cs/contracts)`);
      }
      const extras = handler.extras as { start?: ConsumerStart } | undefined;
      routes.push(consumerRoute(this.options.serviceName, pattern, this.prefix, extras?.start));
    }
    return routes;
  }

  private durableSettings(): DurableSettings {
    return {
      serviceName: this.options.serviceName,
      ackWaitMs: this.ackWaitMs,
      maxAckPending: Math.max(1000, this.concurrency * this.batchSize * 2),
      resumeAfterLoss: (route) => this.resumeAfterLoss(route),
    };
  }

  /**
   * A durable consumer that is missing but whose inbox remembers handled events was deleted. If it
   * reads from the stream's start, it starts inside the inbox's horizon instead (less a 24th, so the
   * purge cannot overtake the replay): from the start, it would handle again every event the inbox
   * has forgotten. What it misses so is what it had not handled and was older than the horizon (a
   * consumer deleted while that far behind). Routes starting `new` or at a time keep their start.
   */
  private async resumeAfterLoss(route: ConsumerRoute): Promise<ConsumerStart | undefined> {
    if ((route.start ?? START_FROM_ALL).from !== 'all') return undefined;
    // The inbox keys on the subject's durable, the name its partitions' durables extend.
    const remembered = await this.options.orm.em
      .fork()
      .execute('select 1 from cs_inbox where consumer = ? limit 1', [
        durableName(this.options.serviceName, route.subject),
      ]);
    if (remembered.length === 0) return undefined;
    return { from: 'time', time: new Date(Date.now() - (this.inboxRetentionMs * 23) / 24) };
  }

  /** Runs the Nest handler(s) of a subject and settles when they have finished or failed. */
  private async invoke(subject: EventSubject, payload: unknown, ctx: JetStreamContext): Promise<void> {
    const handler = this.handlerOf(subject);
    const slot: { error?: unknown } = {};
    await handlerFailure.run(slot, async () => {
      try {
        const result = await handler(payload, ctx);
        await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
      } catch (error) {
        throw slot.error ?? error;
      }
    });
  }

  /** Nest's lookup JSON.parses the subject and catches the SyntaxError on every message: looked up once instead. */
  private handlerOf(subject: EventSubject): NonNullable<ReturnType<Server['getHandlerByPattern']>> {
    let handler = this.handlers.get(subject);
    if (!handler) {
      handler = this.getHandlerByPattern(subject) ?? undefined;
      if (!handler) throw new Error(`no handler registered for ${subject}`);
      this.handlers.set(subject, handler);
    }
    return handler;
  }

  private async shutdown(): Promise<void> {
    this._status$.next('closing');
    if (this.pendingSource) consumerMetrics.forget(this.pendingSource);
    await this.leases?.stop();
    if (this.nc && !this.nc.isClosed()) {
      if (this.options.nc) await this.nc.flush().catch(() => {});
      else await this.nc.drain().catch(() => {});
    }
    this._status$.next('closed');
    this.busLogger.info({ consumers: this.routes.length }, 'JetStream transport closed');
  }

  private emit(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) {
      try {
        listener(...args);
      } catch {
        // a listener's failure must not break message handling
      }
    }
  }
}
