import type { EventSubject } from '@cs/contracts';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { JsMsg } from '@nats-io/jetstream';
import { BaseRpcContext } from '@nestjs/microservices';
import type { IncomingEvent } from './cloud-event.codec.js';

/** What an event handler gets besides the payload. */
export interface EventContext {
  /** The transactional entity manager: make every write with it, so it commits together with the inbox row. */
  em: EntityManager;
  /** The CloudEvents id (ce-id), unique per event; redeliveries carry the same id. */
  eventId: string;
  subject: EventSubject;
  /** ce-subject: the aggregate the event is about. */
  aggregateId: string;
  /** Ignore events older than the version you hold: replicas may see events out of order. */
  aggregateVersion: number;
  /** 1 on the first delivery. */
  deliveryCount: number;
  /** ce-time: when the producer recorded the event. */
  time: Date;
  /** ce-source, e.g. "/cs/orders". */
  source: string;
  /** All message headers, names lower-cased. */
  headers: Record<string, string>;
}

/** The Nest RPC context of a JetStream event (what @Ctx() injects); the raw message is getArgByIndex(0). */
export class JetStreamContext extends BaseRpcContext<[JsMsg]> implements EventContext {
  readonly em: EntityManager;
  readonly eventId: string;
  readonly subject: EventSubject;
  readonly aggregateId: string;
  readonly aggregateVersion: number;
  readonly deliveryCount: number;
  readonly time: Date;
  readonly source: string;
  readonly headers: Record<string, string>;

  constructor(message: JsMsg, fields: EventContext) {
    super([message]);
    this.em = fields.em;
    this.eventId = fields.eventId;
    this.subject = fields.subject;
    this.aggregateId = fields.aggregateId;
    this.aggregateVersion = fields.aggregateVersion;
    this.deliveryCount = fields.deliveryCount;
    this.time = fields.time;
    this.source = fields.source;
    this.headers = fields.headers;
  }

  /** The context of `event`, delivered as `message` on `subject`, whose handler writes with `em`. */
  static of(
    message: JsMsg,
    em: EntityManager,
    subject: EventSubject,
    event: IncomingEvent,
    headers: Record<string, string>,
  ): JetStreamContext {
    return new JetStreamContext(message, {
      em,
      eventId: event.id,
      subject,
      aggregateId: event.aggregateId,
      aggregateVersion: event.aggregateVersion,
      deliveryCount: message.info.deliveryCount,
      time: event.time,
      source: event.source,
      headers,
    });
  }

  getMessage(): JsMsg {
    return this.args[0];
  }
}
