import type { ConsumerMessages, JetStreamClient, JetStreamManager, JsMsg } from '@nats-io/jetstream';
import { type BusLogger, describeError } from './bus-logger.util.js';
import { CE } from './cloud-event.codec.js';
import type { ConsumerRoute } from './consumer-route.model.js';
import { type DurableSettings, ensureDurableConsumer } from './durable-consumer.setup.js';
import type { Outcome } from './message.processor.js';
import type { MessageBatchProcessor } from './message-batch.processor.js';
import { backoffDelay } from './retry-policy.util.js';
import { sleep } from './wakeup.util.js';

export interface RouteConsumerDeps {
  js: JetStreamClient;
  jsm: JetStreamManager;
  processor: MessageBatchProcessor;
  /** Batches processed at once (each holds a database connection while it runs). */
  concurrency: number;
  /** The most messages handled in one batch (one transaction). */
  batchSize: number;
  durable: DurableSettings;
  logger: BusLogger;
  onOutcome: (outcome: Outcome) => void;
  onError: (error: unknown) => void;
}

/**
 * Pulls one durable consumer's messages for as long as it runs and handles them in batches, at most
 * `concurrency` batches at once, and re-establishes the consumer (with backoff) after it fails or
 * disappears. A batch takes what has arrived (up to batchSize), so batches grow with the load and a
 * lone message is handled at once. Within this replica one aggregate's events are handled in
 * delivery order: a batch never takes an event while an earlier one of its aggregate (ce-subject)
 * waits or runs in another batch.
 */
export class RouteConsumer {
  private queue: JsMsg[] = [];
  /** Aggregates with an event in a running batch. */
  private readonly busy = new Set<string>();
  private readonly inFlight = new Set<Promise<void>>();
  private inFlightMessages = 0;
  private readonly stopping = new AbortController();
  private spaceFreed?: () => void;
  private pull?: ConsumerMessages;
  private loop?: Promise<void>;

  constructor(
    readonly route: ConsumerRoute,
    private readonly deps: RouteConsumerDeps,
  ) {}

  get inFlightCount(): number {
    return this.inFlightMessages;
  }

  /** Messages pulled ahead of the batches (also the most that wait here before pulling pauses). */
  private get pullAhead(): number {
    return this.deps.concurrency * this.deps.batchSize;
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Stops pulling, naks what was pulled but not started, and waits for the batches in flight. */
  async stop(): Promise<void> {
    this.stopping.abort();
    this.spaceFreed?.();
    await this.pull?.close().catch(() => {});
    await this.loop;
    for (const msg of this.queue.splice(0)) handBack(msg);
    await Promise.allSettled([...this.inFlight]);
  }

  private get stopped(): boolean {
    return this.stopping.signal.aborted;
  }

  private async run(): Promise<void> {
    const { route, logger } = { route: this.route, logger: this.deps.logger };
    let failures = 0;
    while (!this.stopped) {
      try {
        const consumer = await this.deps.js.consumers.get(route.stream, route.durable);
        const messages = await consumer.consume({ max_messages: this.pullAhead });
        this.pull = messages;
        if (this.stopped) await messages.close(); // stop() ran while this pull was being set up
        void this.watch(messages);
        for await (const msg of messages) {
          failures = 0;
          await this.enqueue(msg);
        }
      } catch (error) {
        if (this.stopped) break;
        failures += 1;
        logger.error({ consumer: route.durable, error: describeError(error) }, 'consumer failed; re-establishing it');
        this.deps.onError(error);
        await sleep(backoffDelay(failures, 500, 30_000), this.stopping.signal);
        if (this.stopped) break;
        await ensureDurableConsumer(this.deps.jsm, route, this.deps.durable, logger).catch(() => {});
      }
    }
  }

  /** Queues a message and starts what batches may start; waits while the queue is full. */
  private async enqueue(msg: JsMsg): Promise<void> {
    if (this.stopped) return handBack(msg);
    this.queue.push(msg);
    this.startBatches();
    while (this.queue.length >= this.pullAhead && !this.stopped) {
      await new Promise<void>((resolve) => {
        this.spaceFreed = resolve;
      });
    }
  }

  private startBatches(): void {
    while (!this.stopped && this.inFlight.size < this.deps.concurrency && this.queue.length > 0) {
      const batch = this.takeBatch();
      if (batch.length === 0) return; // everything queued waits behind a running batch's aggregates
      const aggregates = new Set(batch.map(aggregateOf));
      for (const aggregate of aggregates) this.busy.add(aggregate);
      this.inFlightMessages += batch.length;
      const task = this.deps.processor
        .process(batch, this.route)
        .then((outcomes) => {
          for (const outcome of outcomes) this.deps.onOutcome(outcome);
        })
        .catch((error) =>
          this.deps.logger.error(
            { consumer: this.route.durable, error: describeError(error) },
            'batch processing crashed',
          ),
        )
        .finally(() => {
          for (const aggregate of aggregates) this.busy.delete(aggregate);
          this.inFlightMessages -= batch.length;
          this.inFlight.delete(task);
          this.startBatches();
          const freed = this.spaceFreed;
          this.spaceFreed = undefined;
          freed?.();
        });
      this.inFlight.add(task);
    }
  }

  /** The oldest queued messages (up to batchSize) whose aggregate has no earlier event waiting or running. */
  private takeBatch(): JsMsg[] {
    const blocked = new Set(this.busy);
    const batch: JsMsg[] = [];
    const rest: JsMsg[] = [];
    for (const msg of this.queue) {
      const aggregate = aggregateOf(msg);
      if (batch.length < this.deps.batchSize && !blocked.has(aggregate)) batch.push(msg);
      else {
        rest.push(msg);
        blocked.add(aggregate);
      }
    }
    this.queue = rest;
    return batch;
  }

  /** Ends a pull whose consumer disappeared, so the loop recreates the consumer. */
  private async watch(messages: ConsumerMessages): Promise<void> {
    for await (const status of messages.status()) {
      if (status.type === 'consumer_deleted' || (status.type === 'consumer_not_found' && status.count >= 2)) {
        this.deps.logger.warn(
          { consumer: this.route.durable, status: status.type },
          'durable consumer missing; recreating it',
        );
        await messages.close();
      }
    }
  }
}

/** A message pulled but not started when stopping: nak it so another replica gets it now, not after ack_wait. */
function handBack(msg: JsMsg): void {
  try {
    msg.nak();
  } catch {
    // connection already gone: the server redelivers it after ack_wait
  }
}

/** The aggregate (ce-subject) a message is about; a message without one is a key of its own. */
function aggregateOf(msg: JsMsg): string {
  return msg.headers?.get(CE.subject) || `#${msg.seq}`;
}
