import { codecFor, type EventPayload, type EventSubject } from '@cs/contracts';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { JetStreamClient, JsMsg } from '@nats-io/jetstream';
import { type Span, SpanKind } from '@opentelemetry/api';
import { type BusLogger, describeError } from './bus-logger.util.js';
import {
  headerRecord,
  type IncomingEvent,
  MalformedEventError,
  parseCloudEvent,
  parseJsonBody,
} from './cloud-event.codec.js';
import { consumerMetrics } from './consumer.metrics.js';
import type { ConsumerRoute } from './consumer-route.model.js';
import { publishDeadLetter } from './dead-letter.publisher.js';
import { JetStreamContext } from './event.context.js';
import { type InboxFence, PartitionNotHeldError, recordInInbox } from './fenced-inbox.js';
import { isTransientInfrastructureError, redeliveryDelay } from './retry-policy.util.js';
import { busTracer, extractTraceContext, recordFailure } from './trace-context.util.js';

export type Outcome = 'handled' | 'duplicate' | 'retry' | 'dead-lettered';

/** Calls the application's handler for a subject (through Nest) and settles when it has finished. */
export type HandlerInvoker = (subject: EventSubject, payload: unknown, ctx: JetStreamContext) => Promise<void>;

export interface ProcessorSettings {
  orm: MikroORM;
  js: JetStreamClient;
  invoke: HandlerInvoker;
  maxDeliver: number;
  backoffMs: readonly number[];
  ackWaitMs: number;
  publishTimeoutMs: number;
  logger: BusLogger;
  /** The replica's partition leases: the inbox is written only for partitions it holds. */
  fence: InboxFence;
  onDeadLetter?: (route: ConsumerRoute, msg: JsMsg, error: unknown) => void;
}

type Phase = 'inbox' | 'handler' | 'commit';

/**
 * Handles one delivered message: decode, then in one transaction record it in the inbox and run the
 * handler (or skip the handler when the inbox already holds it), then ack. A failure rolls back and
 * naks with the backoff for this delivery; the delivery that reaches maxDeliver goes to the
 * dead-letter stream and is terminated. Runs in a CONSUMER span continuing the producer's trace.
 */
export class MessageProcessor {
  constructor(private readonly settings: ProcessorSettings) {}

  process(msg: JsMsg, route: ConsumerRoute): Promise<Outcome> {
    const headers = headerRecord(msg.headers);
    return busTracer().startActiveSpan(
      `process ${route.subject}`,
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          'messaging.system': 'nats',
          'messaging.operation.type': 'process',
          'messaging.destination.name': msg.subject,
          'messaging.consumer.group.name': route.durable,
          'messaging.message.id': headers['ce-id'] ?? '',
          'messaging.nats.delivery_count': msg.info.deliveryCount,
        },
      },
      extractTraceContext(headers),
      async (span) => {
        try {
          const outcome = await this.processInSpan(msg, route, headers, span);
          span.setAttribute('cs.outcome', outcome);
          return outcome;
        } finally {
          span.end();
        }
      },
    );
  }

  private async processInSpan(
    msg: JsMsg,
    route: ConsumerRoute,
    headers: Record<string, string>,
    span: Span,
  ): Promise<Outcome> {
    const log = {
      subject: route.subject,
      consumer: route.durable,
      eventId: headers['ce-id'],
      deliveryCount: msg.info.deliveryCount,
    };
    let event: IncomingEvent;
    let payload: EventPayload<EventSubject>;
    try {
      event = parseCloudEvent(headers);
      payload = codecFor(route.subject).fromJSON(parseJsonBody(msg.data));
    } catch (error) {
      const malformed = error instanceof MalformedEventError ? error : new MalformedEventError(describeError(error));
      recordFailure(span, malformed);
      this.settings.logger.error({ ...log, error: malformed.message }, 'malformed event; dead-lettering it');
      return this.deadLetter(msg, route, malformed, log);
    }

    const heartbeat = setInterval(
      () => settle(msg, 'working', log, this.settings.logger),
      Math.max(1000, Math.floor(this.settings.ackWaitMs / 3)),
    );
    const state: { phase: Phase } = { phase: 'inbox' };
    let handled: boolean;
    try {
      handled = await this.handleOnce(msg, route, event, payload, headers, state);
    } catch (error) {
      recordFailure(span, error);
      if (error instanceof PartitionNotHeldError) return leaveToHolder(log, this.settings.logger);
      // Classified by the error, whatever the phase: a lost connection or a serialization failure is
      // retried without counting; anything else (a constraint or data error on the inbox write too)
      // counts towards maxDeliver and then goes to the dead-letter stream instead of looping forever.
      const transient = isTransientInfrastructureError(error);
      const details = { ...log, phase: state.phase, transient, error: describeError(error) };
      if (!transient && msg.info.deliveryCount >= this.settings.maxDeliver) {
        this.settings.logger.error(details, 'event handler failed on the last delivery; dead-lettering the event');
        return this.deadLetter(msg, route, error, log);
      }
      const delay = redeliveryDelay(msg.info.deliveryCount, this.settings.backoffMs);
      this.settings.logger.warn({ ...details, retryInMs: delay }, 'event handling failed; will be redelivered');
      settle(msg, 'nak', log, this.settings.logger, delay);
      return 'retry';
    } finally {
      clearInterval(heartbeat);
    }
    // Committed. If this ack is lost the message comes back after ack_wait and the inbox recognises it.
    settle(msg, 'ack', log, this.settings.logger);
    if (!handled)
      this.settings.logger.info(log, 'event already handled (inbox); acknowledged without calling the handler');
    return handled ? 'handled' : 'duplicate';
  }

  /** Returns false when the inbox shows the event was handled before. */
  private async handleOnce(
    msg: JsMsg,
    route: ConsumerRoute,
    event: IncomingEvent,
    payload: unknown,
    headers: Record<string, string>,
    state: { phase: Phase },
  ): Promise<boolean> {
    return this.settings.orm.em.fork().transactional(async (em: EntityManager) => {
      const fresh = await recordInInbox(em, this.settings.fence, route.durable, route.subject, [{ msg, id: event.id }]);
      if (fresh.size === 0) return false;
      state.phase = 'handler';
      await this.settings.invoke(route.subject, payload, JetStreamContext.of(msg, em, route.subject, event, headers));
      state.phase = 'commit';
      return true;
    });
  }

  private async deadLetter(msg: JsMsg, route: ConsumerRoute, error: unknown, log: object): Promise<Outcome> {
    try {
      await publishDeadLetter(this.settings.js, route, msg, error, this.settings.publishTimeoutMs);
    } catch (publishError) {
      // Keep the message: it is retried (and dead-lettered again) later rather than lost.
      const delay = redeliveryDelay(msg.info.deliveryCount, this.settings.backoffMs);
      this.settings.logger.error(
        { ...log, error: describeError(publishError), retryInMs: delay },
        'dead-letter publish failed',
      );
      settle(msg, 'nak', log, this.settings.logger, delay);
      return 'retry';
    }
    // No reason text: servers before 2.11 do not recognise "+TERM <reason>" as a term.
    settle(msg, 'term', log, this.settings.logger);
    consumerMetrics.deadLetters.inc({ subject: route.subject });
    this.settings.onDeadLetter?.(route, msg, error);
    return 'dead-lettered';
  }
}

/**
 * Leaves a message of a partition this replica no longer holds unacknowledged, not counted as a
 * failure: JetStream redelivers it to the holder after ack wait, before what follows it (a nak now
 * could reach JetStream after the holder has read on).
 */
export function leaveToHolder(log: object, logger: BusLogger): Outcome {
  logger.info(log, 'partition taken over by another replica; leaving the message to it');
  return 'retry';
}

/** Acks, naks, terms or extends a message; on a closed connection that fails, which is logged, not thrown. */
export function settle(
  msg: JsMsg,
  action: 'ack' | 'nak' | 'term' | 'working',
  log: object,
  logger: BusLogger,
  delayMs?: number,
): void {
  try {
    if (action === 'nak') msg.nak(delayMs);
    else msg[action]();
  } catch (error) {
    logger.warn(
      { ...log, action, error: describeError(error) },
      'could not settle the message; it will be redelivered after ack_wait',
    );
  }
}
