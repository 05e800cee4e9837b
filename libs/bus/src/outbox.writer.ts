import { codecFor, type EventPayload, type EventSubject, isEventSubject } from '@cs/contracts';
import type { OutboxEvent } from '@cs/persistence';
import type { EntityManager } from '@mikro-orm/postgresql';
import { injectTraceHeaders } from './trace-context.util.js';
import { uuidv7 } from './uuid-v7.util.js';

export interface OutboxMeta {
  /** The aggregate the event is about (becomes ce-subject), e.g. the order id. */
  aggregateId: string;
  /** The aggregate's version after the change, so consumers can ignore what is older than what they hold. */
  aggregateVersion: number;
}

const INSERT = `insert into cs_outbox (id, subject, aggregate_id, aggregate_version, payload, headers)
  values (?, ?, ?, ?, ?::jsonb, ?::jsonb)`;

/**
 * The transactional outbox: events are written in the same database transaction as the state change
 * they describe, and published by the OutboxRelay after commit. Never publish from a request handler.
 */
export class Outbox {
  /**
   * Adds an event to the outbox within the caller's transaction and returns its id (a UUIDv7,
   * which becomes ce-id and Nats-Msg-Id). The payload is stored as its proto3 JSON, with the
   * active trace context, so the trace continues when the relay publishes it.
   *
   *     await orm.em.fork().transactional(async (em) => {
   *       order.changeAddress(…); em.persist(order);
   *       await Outbox.add(em, 'cs.orders.order.address_changed', payload, { aggregateId: order.id, aggregateVersion: order.version });
   *     });
   *
   * Throws when `em` is not inside a transaction: the event would not be atomic with the state change.
   */
  static async add<S extends EventSubject>(
    em: EntityManager,
    subject: S,
    payload: EventPayload<S>,
    meta: OutboxMeta,
  ): Promise<string> {
    if (!em.isInTransaction()) {
      throw new Error(`Outbox.add(${subject}) outside a transaction: call it with the em of em.transactional(…)`);
    }
    const event = Outbox.event(subject, payload, meta);
    await em.execute(INSERT, [
      event.id,
      subject,
      meta.aggregateId,
      meta.aggregateVersion,
      JSON.stringify(event.body),
      JSON.stringify(injectTraceHeaders()),
    ]);
    return event.id;
  }

  /**
   * The event as Outbox.add writes it (UUIDv7 id, proto3 JSON body), for a command path that writes
   * its outbox rows itself (libs/persistence `outboxRows`, in the command's own statement).
   */
  static event<S extends EventSubject>(subject: S, payload: EventPayload<S>, meta: OutboxMeta): OutboxEvent {
    if (!isEventSubject(subject)) throw new Error(`unknown event subject: ${String(subject)}`);
    if (!meta.aggregateId) throw new Error(`outbox event ${subject}: aggregateId is empty`);
    if (!Number.isSafeInteger(meta.aggregateVersion) || meta.aggregateVersion < 0) {
      throw new Error(
        `outbox event ${subject}: aggregateVersion must be a non-negative integer, got ${meta.aggregateVersion}`,
      );
    }
    return { id: uuidv7(), subject, ...meta, body: codecFor(subject).toJSON(payload) };
  }

  /**
   * Adds many events of one subject in one statement (a campaign page's dispatches): the same rows
   * `add` writes, one round trip instead of one per event. Returns their ids in order.
   */
  static async addMany<S extends EventSubject>(
    em: EntityManager,
    subject: S,
    events: readonly { payload: EventPayload<S>; meta: OutboxMeta }[],
  ): Promise<string[]> {
    if (!events.length) return [];
    if (!isEventSubject(subject)) throw new Error(`unknown event subject: ${String(subject)}`);
    if (!em.isInTransaction()) {
      throw new Error(`Outbox.addMany(${subject}) outside a transaction: call it with the em of em.transactional(…)`);
    }
    const codec = codecFor(subject);
    const headers = JSON.stringify(injectTraceHeaders());
    const ids: string[] = [];
    const params: unknown[] = [];
    for (const { payload, meta } of events) {
      if (!meta.aggregateId) throw new Error(`Outbox.addMany(${subject}): aggregateId is empty`);
      if (!Number.isSafeInteger(meta.aggregateVersion) || meta.aggregateVersion < 0) {
        throw new Error(`Outbox.addMany(${subject}): aggregateVersion must be a non-negative integer`);
      }
      const id = uuidv7();
      ids.push(id);
      params.push(id, subject, meta.aggregateId, meta.aggregateVersion, JSON.stringify(codec.toJSON(payload)), headers);
    }
    const values = events.map(() => '(?, ?, ?, ?, ?::jsonb, ?::jsonb)').join(', ');
    await em.execute(
      `insert into cs_outbox (id, subject, aggregate_id, aggregate_version, payload, headers) values ${values}`,
      params,
    );
    return ids;
  }

  /**
   * PIPL erasure: forgets the published events of these aggregates. Once delivered, an outbox row is
   * only a copy that may quote the customer; rows not yet published stay for the relay.
   */
  static async forgetPublished(em: EntityManager, aggregateIds: string[]): Promise<number> {
    if (!aggregateIds.length) return 0;
    const rows = await em.execute<{ id: string }[]>(
      'delete from cs_outbox where published_at is not null and aggregate_id in (?) returning id',
      [aggregateIds],
    );
    return rows.length;
  }
}
