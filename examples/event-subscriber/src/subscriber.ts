import type { ConsumerMessages, JetStreamClient, JetStreamManager, JsMsg } from '@nats-io/jetstream';
import { toCloudEvent } from './cloud-event.js';
import { decodePlatformEvent, type PlatformEvent } from './platform-events.js';
import type { ProcessedEvents } from './processed-events.js';

/** An event given up on: where the stream keeps it, so it can be replayed once the cause is fixed. */
export interface DeadLetter {
  stream: string;
  sequence: number;
  subject: string;
  deliveries: number;
  /** Missing when the message was not a readable platform event. */
  eventId?: string;
  error: string;
}

export interface SubscriberOptions {
  js: JetStreamClient;
  stream: string;
  durable: string;
  processed: ProcessedEvents;
  handle(event: PlatformEvent): Promise<void>;
  /** Keep it somewhere you will look (a table, an alert); replay it with replayStoredEvent. */
  onDeadLetter(letter: DeadLetter): Promise<void>;
  /** Deliveries of an event whose handler keeps failing before it becomes a dead letter. Default 5. */
  maxDeliveries?: number;
  /** Pause before the next attempt, times the attempts so far. Default 2000. */
  retryDelayMs?: number;
}

export type Outcome = 'handled' | 'duplicate' | 'retry' | 'dead-letter';

/** Pulls from a durable consumer and handles each event once; see docs/integrators.md. */
export class EventSubscriber {
  private messages?: ConsumerMessages;
  private loop?: Promise<void>;

  constructor(private readonly options: SubscriberOptions) {}

  async start(): Promise<void> {
    const consumer = await this.options.js.consumers.get(this.options.stream, this.options.durable);
    const messages = await consumer.consume({ max_messages: 64 });
    this.messages = messages;
    this.loop = (async () => {
      for await (const msg of messages) {
        await this.process(msg).catch((error) => {
          console.error(`event ${msg.info.stream}#${msg.info.streamSequence} not settled: ${describe(error)}`);
          msg.nak(this.options.retryDelayMs ?? 2000);
        });
      }
    })();
  }

  /** Stops pulling after the message in hand; what was pulled but not acked is delivered again later. */
  async stop(): Promise<void> {
    await this.messages?.close();
    await this.loop;
  }

  async process(msg: JsMsg): Promise<Outcome> {
    const where = {
      stream: msg.info.stream,
      sequence: msg.info.streamSequence,
      subject: msg.subject,
      deliveries: msg.info.deliveryCount,
    };
    let event: PlatformEvent;
    try {
      event = decodePlatformEvent(toCloudEvent(msg.headers, msg.data));
    } catch (error) {
      // Not a valid platform event: no retry changes that.
      await this.options.onDeadLetter({ ...where, error: describe(error) });
      msg.term();
      return 'dead-letter';
    }
    try {
      const outcome = await handleOnce(event, this.options.processed, this.options.handle);
      await msg.ackAck();
      return outcome;
    } catch (error) {
      if (msg.info.deliveryCount >= (this.options.maxDeliveries ?? 5)) {
        await this.options.onDeadLetter({ ...where, eventId: event.cloudEvent.id, error: describe(error) });
        msg.term();
        return 'dead-letter';
      }
      msg.nak((this.options.retryDelayMs ?? 2000) * msg.info.deliveryCount);
      return 'retry';
    }
  }
}

/**
 * Handles an event unless its ce-id was handled before (a redelivery, or a re-publish after a
 * producer's crash). In production, record the id in the same transaction as the handler's effects.
 */
export async function handleOnce(
  event: PlatformEvent,
  processed: ProcessedEvents,
  handle: (event: PlatformEvent) => Promise<void>,
): Promise<'handled' | 'duplicate'> {
  if (await processed.seen(event.cloudEvent.id)) return 'duplicate';
  await handle(event);
  await processed.remember(event.cloudEvent.id);
  return 'handled';
}

/** Handles a dead letter again, read from the stream that still holds it (the integrator user may read any). */
export async function replayStoredEvent(
  jsm: JetStreamManager,
  letter: Pick<DeadLetter, 'stream' | 'sequence'>,
  processed: ProcessedEvents,
  handle: (event: PlatformEvent) => Promise<void>,
): Promise<'handled' | 'duplicate'> {
  const stored = await jsm.streams.getMessage(letter.stream, { seq: letter.sequence });
  if (!stored) throw new Error(`${letter.stream} no longer holds #${letter.sequence} (past the retention?)`);
  return handleOnce(decodePlatformEvent(toCloudEvent(stored.header, stored.data)), processed, handle);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
