import type { JetStreamClient, JsMsg } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { describeError } from './bus-logger.util.js';
import type { ConsumerRoute } from './consumer-route.model.js';

/** Headers a dead letter carries besides the original message's headers. */
export const DEAD_LETTER_HEADERS = {
  error: 'x-cs-error',
  consumer: 'x-cs-consumer',
  deliveries: 'x-cs-deliveries',
  subject: 'x-cs-original-subject',
  stream: 'x-cs-original-stream',
  sequence: 'x-cs-original-sequence',
  failedAt: 'x-cs-failed-at',
} as const;

/**
 * Copies a message that keeps failing to cs.dlq.<service>.<subject>: the original body and headers
 * (ce-*, traceparent…) so it can be inspected and replayed, plus why, where and how often it failed.
 * Its Nats-Msg-Id is derived from the consumer and the original stream sequence, so dead-lettering
 * the same message again (after a crash before term) is absorbed by the duplicate window.
 */
export async function publishDeadLetter(
  js: JetStreamClient,
  route: ConsumerRoute,
  msg: JsMsg,
  error: unknown,
  timeoutMs: number,
): Promise<void> {
  const hdrs = natsHeaders();
  for (const [name, values] of msg.headers ?? []) {
    if (name.toLowerCase().startsWith('nats-')) continue; // Nats-Msg-Id etc. belong to the original publish
    for (const value of values) hdrs.append(name, value);
  }
  hdrs.set(DEAD_LETTER_HEADERS.error, describeError(error, 2000));
  hdrs.set(DEAD_LETTER_HEADERS.consumer, route.durable);
  hdrs.set(DEAD_LETTER_HEADERS.deliveries, String(msg.info.deliveryCount));
  hdrs.set(DEAD_LETTER_HEADERS.subject, msg.subject);
  hdrs.set(DEAD_LETTER_HEADERS.stream, msg.info.stream);
  hdrs.set(DEAD_LETTER_HEADERS.sequence, String(msg.info.streamSequence));
  hdrs.set(DEAD_LETTER_HEADERS.failedAt, new Date().toISOString());
  await js.publish(route.deadLetterSubject, msg.data, {
    msgID: `${route.durable}:${msg.info.stream}:${msg.info.streamSequence}`,
    headers: hdrs,
    timeout: timeoutMs,
  });
}
