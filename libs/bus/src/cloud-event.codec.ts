import { type MsgHdrs, headers as natsHeaders } from '@nats-io/transport-node';
import { type HeaderRecord, TRACE_HEADERS } from './trace-context.util.js';

/**
 * CloudEvents 1.0 in binary mode over NATS: the attributes travel as `ce-*` headers, the body is
 * the proto3 JSON of the event message. `ce-aggregateversion` is this platform's extension.
 */
export const CE = {
  id: 'ce-id',
  type: 'ce-type',
  source: 'ce-source',
  time: 'ce-time',
  subject: 'ce-subject',
  specversion: 'ce-specversion',
  aggregateVersion: 'ce-aggregateversion',
} as const;

export const CONTENT_TYPE = 'content-type';
export const JSON_CONTENT_TYPE = 'application/json';
export const SPEC_VERSION = '1.0';

/** What the relay knows about an event when it publishes it. */
export interface OutgoingEvent {
  id: string;
  /** The logical subject, e.g. cs.orders.order.placed (also the CloudEvents type). */
  type: string;
  source: string;
  time: Date;
  aggregateId: string;
  aggregateVersion: number;
  /** traceparent/tracestate to carry. */
  trace: HeaderRecord;
}

/** The CloudEvents attributes of a received message. */
export interface IncomingEvent {
  id: string;
  type: string;
  source: string;
  time: Date;
  aggregateId: string;
  aggregateVersion: number;
}

export class MalformedEventError extends Error {
  override readonly name = 'MalformedEventError';
}

export function cloudEventHeaders(event: OutgoingEvent): HeaderRecord {
  const record: HeaderRecord = {
    [CE.id]: event.id,
    [CE.type]: event.type,
    [CE.source]: event.source,
    [CE.time]: event.time.toISOString(),
    [CE.subject]: event.aggregateId,
    [CE.specversion]: SPEC_VERSION,
    [CE.aggregateVersion]: String(event.aggregateVersion),
    [CONTENT_TYPE]: JSON_CONTENT_TYPE,
  };
  for (const name of TRACE_HEADERS) {
    const value = event.trace[name];
    if (value) record[name] = value;
  }
  return record;
}

/** NATS message headers from a record; values are made single-line so they cannot break the header block. */
export function toMsgHdrs(record: HeaderRecord): MsgHdrs {
  const hdrs = natsHeaders();
  for (const [name, value] of Object.entries(record)) hdrs.set(name, value.replace(/[\r\n]+/g, ' '));
  return hdrs;
}

/** A record of the message headers, names lower-cased, first value of each. */
export function headerRecord(hdrs: MsgHdrs | undefined): HeaderRecord {
  const record: HeaderRecord = {};
  if (!hdrs) return record;
  for (const [name, values] of hdrs) {
    const key = name.toLowerCase();
    if (record[key] === undefined && values[0] !== undefined) record[key] = values[0];
  }
  return record;
}

export function parseCloudEvent(headers: HeaderRecord): IncomingEvent {
  const required = (name: string): string => {
    const value = headers[name];
    if (!value) throw new MalformedEventError(`missing header ${name}`);
    return value;
  };
  const specversion = required(CE.specversion);
  if (specversion !== SPEC_VERSION) throw new MalformedEventError(`unsupported ${CE.specversion} ${specversion}`);
  const time = new Date(required(CE.time));
  if (Number.isNaN(time.getTime())) throw new MalformedEventError(`${CE.time} is not a timestamp: ${headers[CE.time]}`);
  const version = Number(required(CE.aggregateVersion));
  if (!Number.isSafeInteger(version) || version < 0) {
    throw new MalformedEventError(`${CE.aggregateVersion} is not a version number: ${headers[CE.aggregateVersion]}`);
  }
  return {
    id: required(CE.id),
    type: required(CE.type),
    source: required(CE.source),
    time,
    aggregateId: required(CE.subject),
    aggregateVersion: version,
  };
}

/** Parses the body as JSON; a body that is not JSON is malformed (it will never parse on a retry either). */
export function parseJsonBody(data: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(data));
  } catch (error) {
    throw new MalformedEventError(`body is not UTF-8 JSON: ${(error as Error).message}`);
  }
}
