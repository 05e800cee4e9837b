import { type JetStreamClient, jetstream, type PubAck } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { SpanKind } from '@opentelemetry/api';
import { describeError } from './bus-logger.util.js';
import { cloudEventHeaders, toMsgHdrs } from './cloud-event.codec.js';
import { eventNatsSubject } from './naming.util.js';
import { groupByAggregate, type OutboxRow, type RoundResult } from './outbox.repository.js';
import {
  busTracer,
  extractTraceContext,
  injectTraceHeaders,
  pickTraceHeaders,
  recordFailure,
} from './trace-context.util.js';

export interface OutboxPublisherSettings {
  /** The CloudEvents source, e.g. "/cs/orders". */
  source: string;
  prefix: string;
  /** How long to wait for JetStream's acknowledgement. */
  timeoutMs: number;
}

/** Turns an outbox row into a CloudEvent on JetStream: Nats-Msg-Id = row id, so a re-publish is dropped as a duplicate. */
export class OutboxPublisher {
  private readonly js: JetStreamClient;

  constructor(
    nc: NatsConnection,
    private readonly settings: OutboxPublisherSettings,
  ) {
    this.js = jetstream(nc);
  }

  /** Publishes one row inside a PRODUCER span that continues the trace stored with the row. */
  publish(row: OutboxRow): Promise<PubAck> {
    const stored = pickTraceHeaders(row.headers);
    const subject = eventNatsSubject(this.settings.prefix, row.subject, row.aggregate_id);
    return busTracer().startActiveSpan(
      `publish ${row.subject}`,
      {
        kind: SpanKind.PRODUCER,
        attributes: {
          'messaging.system': 'nats',
          'messaging.operation.type': 'send',
          'messaging.destination.name': subject,
          'messaging.message.id': row.id,
          'cs.aggregate.id': row.aggregate_id,
        },
      },
      extractTraceContext(stored),
      async (span) => {
        try {
          // Without a registered propagator inject() adds nothing and the stored context travels as is.
          const trace = { ...stored, ...pickTraceHeaders(injectTraceHeaders()) };
          const headers = cloudEventHeaders({
            id: row.id,
            type: row.subject,
            source: this.settings.source,
            time: new Date(row.created_at),
            aggregateId: row.aggregate_id,
            aggregateVersion: Number(row.aggregate_version),
            trace,
          });
          const ack = await this.js.publish(subject, JSON.stringify(row.payload), {
            msgID: row.id,
            headers: toMsgHdrs(headers),
            timeout: this.settings.timeoutMs,
          });
          span.setAttribute('messaging.nats.stream', ack.stream);
          span.setAttribute('messaging.nats.sequence', ack.seq);
          return ack;
        } catch (error) {
          recordFailure(span, error);
          throw error;
        } finally {
          span.end();
        }
      },
    );
  }
}

/** nats.js reports "no stream listens on this subject" as JetStreamNotEnabled (a 503 no-responders); say so. */
export function publishFailureText(error: unknown, subject: string): string {
  const text = describeError(error);
  if (error instanceof Error && (error.name === 'JetStreamNotEnabled' || /no responders|503/i.test(error.message))) {
    return `no JetStream stream answered for ${subject} (stream missing? run ensureStreams) — ${text}`;
  }
  return text;
}

export interface PublishInOrderHooks {
  /** performance.now() after which no publish starts (the claim's lease would end while it runs). */
  lastStart: number;
  /** How long every relay leaves a failed row's aggregate alone. */
  backoffMs(row: OutboxRow): number;
  onDuplicate(): void;
  /** Logs a failure and returns the text stored as last_error. */
  onFailure(row: OutboxRow, error: unknown): string;
}

/**
 * Publishes a claimed batch: aggregates side by side, each aggregate's rows one after another. An
 * aggregate stops at its first failure or once lastStart has passed; its later rows are released
 * for the next claim, so its events stay in order.
 */
export async function publishInOrder(
  publisher: OutboxPublisher,
  rows: readonly OutboxRow[],
  hooks: PublishInOrderHooks,
): Promise<RoundResult> {
  const result: RoundResult = { published: [], failed: [], released: [] };
  await Promise.all(
    groupByAggregate(rows).map(async (sequence) => {
      for (const [index, row] of sequence.entries()) {
        if (performance.now() > hooks.lastStart) {
          result.released.push(...sequence.slice(index).map((r) => r.id));
          return;
        }
        try {
          const ack = await publisher.publish(row);
          if (ack.duplicate) hooks.onDuplicate();
          result.published.push(row.id);
        } catch (error) {
          result.failed.push({
            id: row.id,
            aggregateId: row.aggregate_id,
            error: hooks.onFailure(row, error),
            backoffMs: hooks.backoffMs(row),
          });
          result.released.push(...sequence.slice(index + 1).map((r) => r.id));
          return;
        }
      }
    }),
  );
  return result;
}
