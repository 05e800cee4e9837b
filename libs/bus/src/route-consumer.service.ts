import type { ConsumerMessages, JetStreamClient, JetStreamManager, JsMsg } from '@nats-io/jetstream';
import { type BusLogger, describeError } from './bus-logger.util.js';
import type { ConsumerRoute } from './consumer-route.model.js';
import { type DurableSettings, ensureDurableConsumer } from './durable-consumer.setup.js';
import type { MessageProcessor, Outcome } from './message.processor.js';
import { backoffDelay } from './retry-policy.util.js';
import { Semaphore } from './semaphore.util.js';
import { sleep } from './wakeup.util.js';

export interface RouteConsumerDeps {
  js: JetStreamClient;
  jsm: JetStreamManager;
  processor: MessageProcessor;
  /** Messages processed at once; also how many are pulled ahead. */
  concurrency: number;
  durable: DurableSettings;
  logger: BusLogger;
  onOutcome: (outcome: Outcome) => void;
  onError: (error: unknown) => void;
}

/**
 * Pulls one durable consumer's messages for as long as it runs, at most `concurrency` in flight,
 * and re-establishes the consumer (with backoff) after it fails or disappears.
 */
export class RouteConsumer {
  private readonly slots: Semaphore;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly stopping = new AbortController();
  private pull?: ConsumerMessages;
  private loop?: Promise<void>;

  constructor(
    readonly route: ConsumerRoute,
    private readonly deps: RouteConsumerDeps,
  ) {
    this.slots = new Semaphore(deps.concurrency);
  }

  get inFlightCount(): number {
    return this.inFlight.size;
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Stops pulling, naks what was pulled but not started, and waits for the messages in flight. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.pull?.close().catch(() => {});
    await this.loop;
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
        const messages = await consumer.consume({ max_messages: this.deps.concurrency });
        this.pull = messages;
        if (this.stopped) await messages.close(); // stop() ran while this pull was being set up
        void this.watch(messages);
        for await (const msg of messages) {
          failures = 0;
          await this.dispatch(msg);
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

  private async dispatch(msg: JsMsg): Promise<void> {
    if (this.stopped) return handBack(msg);
    await this.slots.acquire();
    if (this.stopped) {
      this.slots.release();
      return handBack(msg);
    }
    const task = this.deps.processor
      .process(msg, this.route)
      .then(this.deps.onOutcome)
      .catch((error) =>
        this.deps.logger.error(
          { consumer: this.route.durable, error: describeError(error) },
          'message processing crashed',
        ),
      )
      .finally(() => {
        this.slots.release();
        this.inFlight.delete(task);
      });
    this.inFlight.add(task);
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
