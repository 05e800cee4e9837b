import type { MsgHdrs } from '@nats-io/transport-node';
import { CloudEvent, type CloudEventV1, HTTP, ValidationError } from 'cloudevents';

/**
 * Reads a message in CloudEvents binary mode: the attributes are `ce-*` headers and the body is the
 * data. NATS headers follow the HTTP binding's names, so the SDK's HTTP reader parses them.
 * Throws a ValidationError when the message is not a valid CloudEvent.
 */
export function toCloudEvent(headers: MsgHdrs | undefined, body: Uint8Array): CloudEventV1<unknown> {
  const record: Record<string, string> = {};
  for (const [name, values] of headers ?? []) {
    const key = name.toLowerCase();
    if (record[key] === undefined && values[0] !== undefined) record[key] = values[0];
  }
  const event = HTTP.toEvent<unknown>({ headers: record, body: new TextDecoder().decode(body) });
  if (Array.isArray(event) || !(event instanceof CloudEvent)) throw new ValidationError('expected one CloudEvent');
  // Binary-mode reading checks nothing by itself.
  event.validate();
  return event;
}

/** The platform's extension attribute: the aggregate's version after the change (ce-aggregateversion). */
export function aggregateVersion(event: CloudEventV1<unknown>): number {
  return Number(event.aggregateversion);
}
