import { NotFound, PermissionDenied } from '@cs/errors';
import { Metadata } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { csvRow, toCsv } from '../src/audit-csv.js';
import { type AuditEntry, canonicalJson, chainHash, idsOf } from '../src/audit-entry.js';
import { outcomeOf, traceIdOf } from '../src/call-context.js';

const entry: AuditEntry = {
  at: new Date('2026-03-01T08:00:00.123Z'),
  subject: 'clerk-1',
  roles: ['order-desk-clerk'],
  via: '',
  service: 'orders',
  rpc: '/cs.orders.v1.OrdersService/GetOrder',
  ids: { orderId: 'TB1', customerId: 'c-1' },
  traceId: 'a'.repeat(32),
  outcome: 'ok',
};

describe('the record a hash covers', () => {
  it('is the same whatever order the ids come back in (jsonb reorders keys)', () => {
    const reordered = { ...entry, ids: { customerId: 'c-1', orderId: 'TB1' } };
    expect(canonicalJson(7, reordered)).toBe(canonicalJson(7, entry));
    expect(chainHash('p', 7, reordered)).toBe(chainHash('p', 7, entry));
  });

  it('changes with every field, the seq and the previous hash', () => {
    const base = chainHash('p', 7, entry);
    expect(chainHash('q', 7, entry)).not.toBe(base);
    expect(chainHash('p', 8, entry)).not.toBe(base);
    for (const changed of [
      { at: new Date('2026-03-01T08:00:00.124Z') },
      { subject: 'clerk-2' },
      { roles: ['manager'] },
      { via: 'service:inquiry' },
      { service: 'aftersales' },
      { rpc: '/cs.orders.v1.OrdersService/CancelOrder' },
      { ids: { orderId: 'TB2', customerId: 'c-1' } },
      { traceId: 'b'.repeat(32) },
      { outcome: 'NOT_FOUND: order TB1 not found' },
    ]) {
      expect(chainHash('p', 7, { ...entry, ...changed }), JSON.stringify(changed)).not.toBe(base);
    }
  });
});

describe('idsOf: what a call was about', () => {
  it('takes the top-level string fields named …Id and nothing else', () => {
    expect(
      idsOf({
        orderId: 'TB1',
        conversationId: 'c-9',
        caseId: '',
        newAddress: { recipientName: '李四', phone: '13800001111', street: '文三路1号' },
        customer: { customerId: 'buyer-1', displayName: '李四' },
        idempotencyKey: 'k-1',
        valid: 'x',
        reason: 'order TB1',
      }),
    ).toEqual({ orderId: 'TB1', conversationId: 'c-9' });
    expect(idsOf(undefined)).toEqual({});
  });
});

describe('outcomeOf: how a call ended', () => {
  it('names the gRPC status, then a short message without phone numbers', () => {
    expect(outcomeOf(new NotFound('order', 'TB1'))).toBe('NOT_FOUND: order TB1 not found');
    expect(outcomeOf(new PermissionDenied('call 13800001111 first'))).toBe('PERMISSION_DENIED: call 138****1111 first');
    expect(outcomeOf(new Error('secret detail'))).toBe('INTERNAL: internal error');
    expect(outcomeOf(new PermissionDenied('x'.repeat(500))).length).toBeLessThan(230);
  });
});

describe('traceIdOf: where the call came from', () => {
  it("reads the caller's traceparent when no span is active", () => {
    const metadata = new Metadata();
    expect(traceIdOf(metadata)).toBe('');
    metadata.set('traceparent', `00-${'4bf92f3577b34da6a3ce929d0e0e4736'}-00f067aa0ba902b7-01`);
    expect(traceIdOf(metadata)).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    metadata.set('traceparent', 'garbage');
    expect(traceIdOf(metadata)).toBe('');
  });
});

describe('the CSV export', () => {
  it('quotes cells holding commas or quotes and stops before the byte limit', () => {
    const record = { ...entry, seq: 1, prevHash: '0', hash: '1', outcome: 'FAILED_PRECONDITION: "shipped", sorry' };
    expect(csvRow(record)).toContain('"FAILED_PRECONDITION: ""shipped"", sorry"');
    expect(csvRow(record)).toContain(',customerId=c-1 orderId=TB1,');
    const { csv, rows } = toCsv([record, { ...record, seq: 2 }], 400);
    expect(rows).toBe(1);
    expect(csv.split('\r\n')[0]).toBe('seq,at,subject,roles,via,service,rpc,ids,trace_id,outcome,prev_hash,hash');
  });
});
