import { headers as natsHeaders } from '@nats-io/transport-node';
import { describe, expect, it } from 'vitest';
import {
  cloudEventHeaders,
  headerRecord,
  MalformedEventError,
  parseCloudEvent,
  parseJsonBody,
  toMsgHdrs,
} from '../src/cloud-event.codec.js';

const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const event = {
  id: '0190f5b4-7a3c-7c1e-9a7e-3f1b2c4d5e6f',
  type: 'cs.orders.order.address_changed',
  source: '/cs/orders',
  time: new Date('2026-11-23T10:15:30.123Z'),
  aggregateId: 'order-17',
  aggregateVersion: 4,
  trace: { traceparent, tracestate: 'vendor=1', baggage: 'ignored=1' },
};

describe('CloudEvents binary-mode headers', () => {
  it('carries every required attribute, the aggregate version and the trace context', () => {
    expect(cloudEventHeaders(event)).toEqual({
      'ce-id': event.id,
      'ce-type': 'cs.orders.order.address_changed',
      'ce-source': '/cs/orders',
      'ce-time': '2026-11-23T10:15:30.123Z',
      'ce-subject': 'order-17',
      'ce-specversion': '1.0',
      'ce-aggregateversion': '4',
      'content-type': 'application/json',
      traceparent,
      tracestate: 'vendor=1',
    });
  });

  it('round-trips through NATS headers', () => {
    const record = headerRecord(toMsgHdrs(cloudEventHeaders(event)));
    expect(parseCloudEvent(record)).toEqual({
      id: event.id,
      type: event.type,
      source: event.source,
      time: event.time,
      aggregateId: event.aggregateId,
      aggregateVersion: 4,
    });
    expect(record.traceparent).toBe(traceparent);
  });

  it('reads header names case-insensitively (first value wins)', () => {
    const hdrs = natsHeaders();
    hdrs.set('CE-ID', 'a');
    hdrs.append('CE-ID', 'b');
    hdrs.set('Nats-Msg-Id', 'a');
    expect(headerRecord(hdrs)).toEqual({ 'ce-id': 'a', 'nats-msg-id': 'a' });
  });

  it('keeps a header value on one line', () => {
    const record = headerRecord(toMsgHdrs({ 'x-cs-error': 'line one\r\nline two' }));
    expect(record['x-cs-error']).toBe('line one line two');
  });

  it.each([
    ['ce-id', /missing header ce-id/],
    ['ce-type', /missing header ce-type/],
    ['ce-source', /missing header ce-source/],
    ['ce-time', /missing header ce-time/],
    ['ce-subject', /missing header ce-subject/],
    ['ce-specversion', /missing header ce-specversion/],
    ['ce-aggregateversion', /missing header ce-aggregateversion/],
  ])('rejects an event without %s', (name, message) => {
    const record: Record<string, string> = { ...cloudEventHeaders(event) };
    delete record[name];
    expect(() => parseCloudEvent(record)).toThrow(message);
  });

  it.each([
    ['ce-specversion', '0.3', /unsupported ce-specversion/],
    ['ce-time', 'yesterday', /not a timestamp/],
    ['ce-aggregateversion', '-1', /not a version number/],
    ['ce-aggregateversion', '1.5', /not a version number/],
  ])('rejects %s = %s', (name, value, message) => {
    const record = { ...cloudEventHeaders(event), [name]: value };
    expect(() => parseCloudEvent(record)).toThrow(MalformedEventError);
    expect(() => parseCloudEvent(record)).toThrow(message);
  });

  it('parses a JSON body and calls anything else malformed', () => {
    expect(parseJsonBody(new TextEncoder().encode('{"orderId":"o1"}'))).toEqual({ orderId: 'o1' });
    expect(() => parseJsonBody(new TextEncoder().encode('{not json'))).toThrow(MalformedEventError);
    expect(() => parseJsonBody(new Uint8Array([0xff, 0xfe]))).toThrow(MalformedEventError);
  });
});
