import { codecFor } from '@cs/contracts';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { JsMsg } from '@nats-io/jetstream';
import { type Link, SpanKind, trace } from '@opentelemetry/api';
import { type BusLogger, describeError } from './bus-logger.util.js';
import { headerRecord, type IncomingEvent, parseCloudEvent, parseJsonBody } from './cloud-event.codec.js';
import type { ConsumerRoute } from './consumer-route.model.js';
import { JetStreamContext } from './event.context.js';
import { PartitionNotHeldError, recordInInbox } from './fenced-inbox.js';
import {
  leaveToHolder,
  type MessageProcessor,
  type Outcome,
  type ProcessorSettings,
  settle,
} from './message.processor.js';
import { busTracer, extractTraceContext, recordFailure } from './trace-context.util.js';

interface Decoded {
  msg: JsMsg;
  headers: Record<string, string>;
  event: IncomingEvent;
  payload: unknown;
}

/**
 * Handles the messages of one consumer pulled together in one transaction: one inbox insert for all
 * of them, then each new one's handler in delivery order (each with an entity manager of its own on
 * that transaction, flushed after it), one commit, then the acks. Exactly once as for one message:
 * a crash before the commit leaves every message unacked and unrecorded (all are redelivered and
 * handled), after it the inbox drops the redeliveries. Any failure rolls the whole batch back and
 * handles its messages one by one (MessageProcessor), which retries, naks and dead-letters each on
 * its own; a message that does not decode goes that way at once.
 */
export class MessageBatchProcessor {
  constructor(
    private readonly single: MessageProcessor,
    private readonly settings: Pick<ProcessorSettings, 'orm' | 'invoke' | 'ackWaitMs' | 'fence'> & {
      logger: BusLogger;
    },
  ) {}

  async process(msgs: readonly JsMsg[], route: ConsumerRoute): Promise<Outcome[]> {
    const decoded: Decoded[] = [];
    const outcomes: Outcome[] = [];
    for (const msg of msgs) {
      const one = decode(msg, route);
      if (one) decoded.push(one);
      else outcomes.push(await this.single.process(msg, route));
    }
    if (decoded.length <= 1) {
      for (const { msg } of decoded) outcomes.push(await this.single.process(msg, route));
      return outcomes;
    }
    const heartbeat = setInterval(
      () => {
        for (const { msg } of decoded) settle(msg, 'working', {}, this.settings.logger);
      },
      Math.max(1000, Math.floor(this.settings.ackWaitMs / 3)),
    );
    let handled: boolean[];
    try {
      handled = await this.inSpan(decoded, route);
    } catch (error) {
      if (error instanceof PartitionNotHeldError) {
        const log = { consumer: route.durable, messages: decoded.length };
        outcomes.push(...decoded.map(() => leaveToHolder(log, this.settings.logger)));
        return outcomes;
      }
      this.settings.logger.warn(
        { consumer: route.durable, messages: decoded.length, error: describeError(error) },
        'event batch failed; handling its messages one by one',
      );
      for (const { msg } of decoded) outcomes.push(await this.single.process(msg, route));
      return outcomes;
    } finally {
      clearInterval(heartbeat);
    }
    // Committed. A lost ack brings the message back after ack_wait, and the inbox recognises it.
    for (const [index, { msg }] of decoded.entries()) {
      settle(msg, 'ack', { consumer: route.durable, eventId: decoded[index]?.event.id }, this.settings.logger);
      outcomes.push(handled[index] ? 'handled' : 'duplicate');
    }
    return outcomes;
  }

  /** One CONSUMER span for the batch, linked to each message's producer trace. */
  private inSpan(decoded: readonly Decoded[], route: ConsumerRoute): Promise<boolean[]> {
    const links: Link[] = [];
    for (const { headers } of decoded) {
      const context = trace.getSpanContext(extractTraceContext(headers));
      if (context) links.push({ context });
    }
    return busTracer().startActiveSpan(
      `process ${route.subject}`,
      {
        kind: SpanKind.CONSUMER,
        links,
        attributes: {
          'messaging.system': 'nats',
          'messaging.operation.type': 'process',
          'messaging.destination.name': route.natsSubject,
          'messaging.consumer.group.name': route.durable,
          'messaging.batch.message_count': decoded.length,
        },
      },
      async (span) => {
        try {
          return await this.handleBatch(decoded, route);
        } catch (error) {
          recordFailure(span, error);
          throw error;
        } finally {
          span.end();
        }
      },
    );
  }

  /** handled[i] is false when the inbox shows message i was handled before (or earlier in this batch). */
  private handleBatch(decoded: readonly Decoded[], route: ConsumerRoute): Promise<boolean[]> {
    return this.settings.orm.em.fork().transactional(async (em: EntityManager) => {
      const fresh = await recordInInbox(
        em,
        this.settings.fence,
        route.durable,
        route.subject,
        decoded.map(({ msg, event }) => ({ msg, id: event.id })),
      );
      const handled: boolean[] = [];
      for (const { msg, event, payload, headers } of decoded) {
        if (!fresh.delete(event.id)) {
          handled.push(false);
          continue;
        }
        // Its own identity map, as if in a transaction of its own; flushed before the next handler runs.
        const own = em.fork({ keepTransactionContext: true, clear: true });
        await this.settings.invoke(
          route.subject,
          payload,
          JetStreamContext.of(msg, own, route.subject, event, headers),
        );
        await own.flush();
        handled.push(true);
      }
      return handled;
    });
  }
}

/** The message's event, or undefined when it does not decode (the single path dead-letters it). */
function decode(msg: JsMsg, route: ConsumerRoute): Decoded | undefined {
  try {
    const headers = headerRecord(msg.headers);
    const event = parseCloudEvent(headers);
    const payload = codecFor(route.subject).fromJSON(parseJsonBody(msg.data));
    return { msg, headers, event, payload };
  } catch {
    return undefined;
  }
}
