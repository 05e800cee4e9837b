import { setTimeout as delay } from 'node:timers/promises';
import type {
  Consumer,
  ConsumerInfo,
  ConsumerMessages,
  JetStreamClient,
  JetStreamManager,
  JsMsg,
} from '@nats-io/jetstream';
import { type BusLogger, describeError } from './bus-logger.util.js';
import { CE } from './cloud-event.codec.js';
import { type ConsumerRoute, partitionRoute } from './consumer-route.model.js';
import { type DurableSettings, ensureDurableConsumer } from './durable-consumer.setup.js';
import type { Outcome } from './message.processor.js';
import type { MessageBatchProcessor } from './message-batch.processor.js';
import { partitionOfSubject } from './naming.util.js';
import { backoffDelay } from './retry-policy.util.js';
import { sleep } from './wakeup.util.js';

export interface RouteConsumerDeps {
  js: JetStreamClient;
  jsm: JetStreamManager;
  processor: MessageBatchProcessor;
  /** Batches processed at once, over all partitions read (each holds a database connection while it runs). */
  concurrency: number;
  /** The most messages handled in one batch (one transaction), and asked for in one pull request. */
  batchSize: number;
  /** How long a pull request waits for messages. */
  pullExpiresMs: number;
  /** What start-up learnt of the partitions' consumers, by durable name: each is read once without asking again. */
  known?: Map<string, ConsumerInfo>;
  durable: DurableSettings;
  logger: BusLogger;
  onOutcome: (outcome: Outcome) => void;
  onError: (error: unknown) => void;
}

/** How long a partition being given up lets its pull requests end on their own. */
const STOP_GRACE_MS = 250;

/** One partition's durable consumer as this replica reads it. */
interface PartitionPull {
  route: ConsumerRoute;
  stopping: AbortController;
  /** Pull requests sent and not yet ended. */
  open: Set<ConsumerMessages>;
  /** Its pull requests are being withdrawn: a request sent meanwhile is withdrawn at once. */
  withdrawn: boolean;
  loop?: Promise<void>;
  /** The highest delivery (consumer) sequence received: any higher one JetStream counts never arrived here. */
  lastDelivery: number;
}

/**
 * Reads the partitions of one route this replica holds (PartitionLeases) and handles their messages
 * in batches, at most `concurrency` batches at once, re-establishing a partition's consumer (with
 * backoff) after it fails or disappears. A batch takes what has arrived (up to batchSize), so
 * batches grow with the load and a lone message is handled at once. One aggregate's events are
 * handled in delivery order: a batch never takes an event while an earlier one of its aggregate
 * (ce-subject) waits or runs in another batch, and only one replica reads a partition at a time.
 */
export class RouteConsumer {
  private queue: JsMsg[] = [];
  /** Aggregates with an event in a running batch. */
  private readonly busy = new Set<string>();
  /** Running batches and the partitions of their messages. */
  private readonly inFlight = new Map<Promise<void>, Set<number>>();
  private inFlightMessages = 0;
  private readonly pulls = new Map<number, PartitionPull>();
  private spaceFreed?: () => void;

  constructor(
    readonly route: ConsumerRoute,
    private readonly deps: RouteConsumerDeps,
  ) {}

  get inFlightCount(): number {
    return this.inFlightMessages;
  }

  /** The partitions being read. */
  get partitions(): number[] {
    return [...this.pulls.keys()].sort((a, b) => a - b);
  }

  /** Messages waiting here before pulling pauses. */
  private get pullAhead(): number {
    return this.deps.concurrency * this.deps.batchSize;
  }

  /** Starts reading partitions. */
  read(partitions: readonly number[]): void {
    for (const partition of partitions) {
      if (this.pulls.has(partition)) continue;
      const pull: PartitionPull = {
        route: partitionRoute(this.route, partition),
        stopping: new AbortController(),
        open: new Set(),
        withdrawn: false,
        lastDelivery: 0,
      };
      this.pulls.set(partition, pull);
      pull.loop = this.run(pull);
    }
  }

  /**
   * Stops reading partitions: stops pulling, then either handles what was already pulled (a hand-over:
   * nothing is given back, so nothing can reach the next holder behind later messages) or, when
   * `abandon` (the lease is lapsing or lost), drops it unacknowledged: JetStream redelivers it after
   * ack wait, which is before the lease can be claimed. Waits for the batches holding their messages.
   * True when every message JetStream delivered to them arrived here (so none is still out).
   */
  async stopReading(partitions: readonly number[], { abandon = false } = {}): Promise<boolean> {
    const stopping = partitions.flatMap((p) => this.pulls.get(p) ?? []);
    for (const pull of stopping) pull.stopping.abort();
    this.freeSpace();
    await Promise.all(stopping.map((pull) => this.endPulls(pull)));
    if (abandon) this.queue = this.queue.filter((msg) => !partitions.includes(partitionOfSubject(msg.subject)));
    this.startBatches();
    for (;;) {
      const queued = this.queue.some((msg) => partitions.includes(partitionOfSubject(msg.subject)));
      const running = [...this.inFlight].filter(([, held]) => partitions.some((p) => held.has(p)));
      if (!queued && running.length === 0) break;
      // What is queued waits for a free slot or for its aggregate's running batch: any batch's end.
      await Promise.race([...this.inFlight.keys()].map((task) => task.catch(() => {})));
    }
    for (const p of partitions) this.pulls.delete(p);
    const settled = await Promise.all(stopping.map((pull) => this.allArrived(pull)));
    return settled.every(Boolean);
  }

  /** Stops reading every partition, handling what was pulled. */
  async stop(): Promise<boolean> {
    return this.stopReading(this.partitions);
  }

  /**
   * Lets the partition's pull requests end on their own for a moment (under load they fill at once),
   * then withdraws the rest: JetStream sends nothing more to a request nobody listens to. A message
   * already on its way then is lost here; allArrived sees it, and the partition waits for ack wait.
   */
  private async endPulls(pull: PartitionPull): Promise<void> {
    const ended = await Promise.race([pull.loop?.then(() => true), delay(STOP_GRACE_MS, false)]);
    if (ended) return;
    pull.withdrawn = true;
    await Promise.all([...pull.open].map((messages) => messages.close().catch(() => {})));
    await pull.loop;
  }

  private async allArrived(pull: PartitionPull): Promise<boolean> {
    try {
      const info = await this.deps.jsm.consumers.info(pull.route.stream, pull.route.durable);
      return info.delivered.consumer_seq <= pull.lastDelivery;
    } catch {
      return false;
    }
  }

  /**
   * Pulls with bounded requests, the next one sent once the current one brings messages, so they keep
   * flowing. Stopping sends no more and reads what the last requests bring: once they end, JetStream
   * holds no request of this replica's, so nothing it delivers later can go astray.
   */
  private async run(pull: PartitionPull): Promise<void> {
    const { route, stopping } = pull;
    const logger = this.deps.logger;
    let failures = 0;
    while (!stopping.signal.aborted) {
      const requests: { next?: Promise<ConsumerMessages> } = {};
      try {
        const consumer = await this.consumerOf(route);
        // One request while idle; the next goes out as soon as messages flow, so they keep flowing.
        const ask = () => {
          if (!requests.next && !stopping.signal.aborted) requests.next = this.fetch(pull, consumer);
        };
        ask();
        while (requests.next) {
          const current = requests.next;
          requests.next = undefined;
          await this.take(pull, await current, ask);
          ask(); // it ended with nothing arriving (expired)
          failures = 0;
        }
      } catch (error) {
        const next = requests.next;
        if (next) await next.then((messages) => this.take(pull, messages)).catch(() => {});
        if (stopping.signal.aborted) break;
        failures += 1;
        logger.error({ consumer: route.durable, error: describeError(error) }, 'consumer failed; re-establishing it');
        this.deps.onError(error);
        await sleep(backoffDelay(failures, 500, 30_000), stopping.signal);
        if (stopping.signal.aborted) break;
        await ensureDurableConsumer(this.deps.jsm, route, this.deps.durable, logger).catch(() => {});
      }
    }
  }

  private async consumerOf(route: ConsumerRoute): Promise<Consumer> {
    const info = this.deps.known?.get(route.durable);
    if (!info) return this.deps.js.consumers.get(route.stream, route.durable);
    this.deps.known?.delete(route.durable); // once: a partition read again later asks afresh
    return this.deps.js.consumers.getConsumerFromInfo(info);
  }

  /** A pull request; awaited only once the one before it has been read, so its failure is caught there, not left unhandled. */
  private fetch(pull: PartitionPull, consumer: Consumer): Promise<ConsumerMessages> {
    const request = (async () => {
      const messages = await consumer.fetch({ max_messages: this.deps.batchSize, expires: this.deps.pullExpiresMs });
      pull.open.add(messages);
      if (pull.withdrawn) await messages.close().catch(() => {});
      return messages;
    })();
    request.catch(() => {});
    return request;
  }

  private async take(pull: PartitionPull, messages: ConsumerMessages, onMessage?: () => void): Promise<void> {
    try {
      for await (const msg of messages) {
        onMessage?.();
        pull.lastDelivery = Math.max(pull.lastDelivery, msg.info.deliverySequence);
        await this.enqueue(msg, pull.stopping.signal);
      }
    } finally {
      pull.open.delete(messages);
    }
  }

  /** Queues a message and starts what batches may start; waits while the queue is full. */
  private async enqueue(msg: JsMsg, stopping: AbortSignal): Promise<void> {
    this.queue.push(msg);
    this.startBatches();
    if (stopping.aborted) return;
    while (this.queue.length >= this.pullAhead && !stopping.aborted) {
      await new Promise<void>((resolve) => {
        const previous = this.spaceFreed;
        this.spaceFreed = () => {
          previous?.();
          resolve();
        };
      });
    }
  }

  private startBatches(): void {
    while (this.inFlight.size < this.deps.concurrency && this.queue.length > 0) {
      const batch = this.takeBatch();
      if (batch.length === 0) return; // everything queued waits behind a running batch's aggregates
      const aggregates = new Set(batch.map(aggregateOf));
      const partitions = new Set(batch.map((msg) => partitionOfSubject(msg.subject)));
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
          this.freeSpace();
        });
      this.inFlight.set(task, partitions);
    }
  }

  /** Wakes the pulls waiting for room in the queue. */
  private freeSpace(): void {
    const freed = this.spaceFreed;
    this.spaceFreed = undefined;
    freed?.();
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
}

/** The aggregate (ce-subject) a message is about; a message without one is a key of its own. */
function aggregateOf(msg: JsMsg): string {
  return msg.headers?.get(CE.subject) || `#${msg.seq}`;
}
