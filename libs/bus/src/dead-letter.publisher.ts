import { maskPersonalData, maskPersonalDataInText } from '@cs/telemetry';
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
  /** `masked`: the body is the original JSON with personal data masked; `withheld`: not JSON, left out. */
  body: 'x-cs-body',
} as const;

/**
 * Copies a message that keeps failing to cs.dlq.<service>.<subject>: its headers (ce-*,
 * traceparent…), why, where and how often it failed, and its body with personal data masked
 * (phones, names, addresses; see maskPersonalData). The dead-letter stream is read by operators,
 * so it holds no customer's data in clear: the original, unmasked, stays in its stream at
 * x-cs-original-stream / x-cs-original-sequence for a replay. A body that is not JSON cannot be
 * masked field by field and is withheld. Its Nats-Msg-Id is derived from the consumer and the
 * original stream sequence, so dead-lettering the same message again (after a crash before term)
 * is absorbed by the duplicate window.
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
  const body = maskedBody(msg.data);
  // A handler's message may quote the payload: phones, addresses and names by a phone are masked in it.
  hdrs.set(DEAD_LETTER_HEADERS.error, maskPersonalDataInText(describeError(error, 2000)));
  hdrs.set(DEAD_LETTER_HEADERS.consumer, route.durable);
  hdrs.set(DEAD_LETTER_HEADERS.deliveries, String(msg.info.deliveryCount));
  hdrs.set(DEAD_LETTER_HEADERS.subject, msg.subject);
  hdrs.set(DEAD_LETTER_HEADERS.stream, msg.info.stream);
  hdrs.set(DEAD_LETTER_HEADERS.sequence, String(msg.info.streamSequence));
  hdrs.set(DEAD_LETTER_HEADERS.failedAt, new Date().toISOString());
  hdrs.set(DEAD_LETTER_HEADERS.body, body.kind);
  await js.publish(route.deadLetterSubject, body.data, {
    msgID: `${route.durable}:${msg.info.stream}:${msg.info.streamSequence}`,
    headers: hdrs,
    timeout: timeoutMs,
  });
}

/** The body as a dead letter keeps it: masked JSON, or nothing when it does not parse. */
export function maskedBody(data: Uint8Array): { kind: 'masked' | 'withheld'; data: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(data));
  } catch {
    return { kind: 'withheld', data: '' };
  }
  return { kind: 'masked', data: JSON.stringify(maskPersonalData(parsed)) };
}
