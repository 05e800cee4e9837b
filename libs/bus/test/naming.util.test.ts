import { streamOf } from '@cs/contracts';
import { describe, expect, it } from 'vitest';
import {
  deadLetterSubject,
  durableName,
  EVENT_PARTITIONS,
  eventNatsSubject,
  partitionOf,
  partitionOfSubject,
  prefixStream,
  prefixSubject,
  producerStream,
  unprefixSubject,
  withoutPartition,
} from '../src/naming.util.js';

describe('naming', () => {
  it('leaves subjects and streams alone without a prefix (production)', () => {
    expect(prefixSubject('', 'cs.orders.order.placed')).toBe('cs.orders.order.placed');
    expect(prefixSubject(undefined, 'cs.orders.order.placed')).toBe('cs.orders.order.placed');
    expect(prefixStream('', 'CS_ORDERS')).toBe('CS_ORDERS');
  });

  it('prefixes subjects with a token and streams with its upper case', () => {
    expect(prefixSubject('t1a2b3c', 'cs.orders.order.placed')).toBe('t1a2b3c.cs.orders.order.placed');
    expect(prefixStream('t1a2b3c', 'CS_ORDERS')).toBe('T1A2B3C_CS_ORDERS');
    expect(prefixStream('t1a2b3c', 'CS_DLQ')).toBe('T1A2B3C_CS_DLQ');
  });

  it('strips the prefix again, and says when a subject does not carry it', () => {
    expect(unprefixSubject('t1', 't1.cs.orders.order.placed')).toBe('cs.orders.order.placed');
    expect(unprefixSubject('t1', 't2.cs.orders.order.placed')).toBeUndefined();
    expect(unprefixSubject('', 'cs.orders.order.placed')).toBe('cs.orders.order.placed');
  });

  it('rejects a prefix that is not a single NATS token', () => {
    expect(() => prefixSubject('a.b', 'cs.orders.order.placed')).toThrow(/one NATS token/);
    expect(() => prefixStream('a b', 'CS_ORDERS')).toThrow(/one NATS token/);
    expect(() => prefixSubject('a>', 'cs.orders.order.placed')).toThrow(/one NATS token/);
  });

  it('names the producer stream as @cs/contracts streamOf() does', () => {
    expect(producerStream('orders')).toBe('CS_ORDERS');
    expect(producerStream('orders')).toBe(streamOf('cs.orders.order.placed'));
    expect(() => producerStream('dlq')).toThrow(/reserved/);
  });

  it('names the durable consumer <service>__<subject with _ for .>', () => {
    expect(durableName('printing', 'cs.orders.order.placed')).toBe('printing__cs_orders_order_placed');
    expect(durableName('aftersales', 'cs.orders.order.handed_to_aftersales')).toBe(
      'aftersales__cs_orders_order_handed_to_aftersales',
    );
  });

  it('names the dead-letter subject cs.dlq.<service>.<original subject>', () => {
    expect(deadLetterSubject('printing', 'cs.orders.order.placed')).toBe('cs.dlq.printing.cs.orders.order.placed');
  });

  it('rejects service names and subjects that would break NATS names', () => {
    expect(() => durableName('Printing Desk', 'cs.orders.order.placed')).toThrow(/service name/);
    expect(() => durableName('printing', 'cs.orders.*')).toThrow(/not a platform event subject/);
    expect(() => deadLetterSubject('printing', 'orders.order.placed')).toThrow(/not a platform event subject/);
  });

  it('puts an aggregate in partition FNV-1a 32 of its id mod 8, published as <subject>.<partition>', () => {
    // The FNV-1a test vectors: "" → 0x811c9dc5, "a" → 0xe40c292c.
    expect(partitionOf('')).toBe(0x811c9dc5 % EVENT_PARTITIONS);
    expect(partitionOf('a')).toBe(0xe40c292c % EVENT_PARTITIONS);
    const subject = eventNatsSubject('t1', 'cs.orders.order.placed', 'TB1001');
    expect(subject).toBe(`t1.cs.orders.order.placed.${partitionOf('TB1001')}`);
    expect(partitionOfSubject(subject)).toBe(partitionOf('TB1001'));
    expect(withoutPartition(subject)).toBe('t1.cs.orders.order.placed');
  });

  it('reads no partition out of a subject that has none', () => {
    expect(withoutPartition('cs.dlq.printing.cs.orders.order.placed')).toBe('cs.dlq.printing.cs.orders.order.placed');
    expect(withoutPartition('cs.orders.order.placed.8')).toBe('cs.orders.order.placed.8');
    expect(() => partitionOfSubject('cs.orders.order.placed')).toThrow(/not a partitioned event subject/);
    expect(() => partitionOfSubject('cs.orders.order.placed.')).toThrow(/not a partitioned event subject/);
  });
});
