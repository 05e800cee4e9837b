import { Order } from '@cs/contracts/cs/orders/v1/order';
import { ChangeAddressRequest, RecordOrderPlacedRequest } from '@cs/contracts/cs/orders/v1/orders_service';
import { describe, expect, it } from 'vitest';
import { protoRegistry } from '../src/proto-registry.js';
import { toProto3Json } from '../src/proto3-json-output.js';
import { strictJsonViolations } from '../src/strict-proto-json.js';

const message = (name: string) => {
  const desc = protoRegistry().getMessage(name);
  if (!desc) throw new Error(`no ${name}`);
  return desc;
};
const changeAddress = message('cs.orders.v1.ChangeAddressRequest');
const orderPlaced = message('cs.orders.v1.RecordOrderPlacedRequest');
const fields = (violations: { field: string }[]) => violations.map((v) => v.field);

const validPlaced = {
  orderId: 'TB-1',
  customer: { customerId: 'c-1', displayName: 'Zhang San' },
  items: [{ sku: 'S1', title: 'Kettle', quantity: 2, unitPrice: { amountMinor: '1999', currency: 'CNY' } }],
  placedAt: '2026-12-03T10:15:00.123456789+08:00',
};

describe('strict proto3 JSON parsing of requests', () => {
  it('accepts proto3 JSON as written by stock clients: JSON or proto names, int64 as string or number', () => {
    expect(strictJsonViolations(orderPlaced, validPlaced)).toEqual([]);
    expect(strictJsonViolations(changeAddress, { order_id: 'TB-1', expected_version: 3 })).toEqual([]);
    expect(strictJsonViolations(changeAddress, { orderId: 'TB-1', expectedVersion: '3', newAddress: null })).toEqual(
      [],
    );
  });

  it('refuses wrong JSON types instead of coercing them ("[object Object]", "a,b", 1 for true)', () => {
    const violations = strictJsonViolations(changeAddress, {
      orderId: 500000,
      newAddress: { street: { a: 1 }, phone: 13900002222, city: ['a', 'b'] },
    });
    expect(fields(violations)).toEqual(['order_id', 'new_address.street', 'new_address.phone', 'new_address.city']);
    expect(violations[1]?.description).toBe('must be a JSON string, not an object');
    const items = strictJsonViolations(orderPlaced, { items: [{ quantity: true }, 'x', null] });
    expect(fields(items)).toEqual(['items[0].quantity', 'items[1]', 'items[2]']);
  });

  it('refuses integers that are not integral or out of range, and NaN strings', () => {
    const cases: [unknown, string][] = [
      ['abc', 'must be an integer'],
      [1999.5, 'must be an integer'],
      [1e30, 'is out of range'],
      ['9007199254740992', 'is out of range'],
      ['NaN', 'must be an integer'],
      ['', 'must be an integer'],
      [{}, 'must be an integer'],
    ];
    for (const [value, wanted] of cases) {
      const [violation] = strictJsonViolations(changeAddress, { expectedVersion: value });
      expect(violation?.field, String(value)).toBe('expected_version');
      expect(violation?.description).toContain(wanted);
    }
    const quantity = strictJsonViolations(orderPlaced, { items: [{ quantity: 2 ** 31 }] });
    expect(quantity[0]?.description).toContain('is out of range (-2147483648 to 2147483647)');
  });

  it('refuses timestamps that are not RFC 3339 instants', () => {
    for (const placedAt of ['yesterday', '2026-02-30T00:00:00Z', '2026-12-03 10:15:00Z', '2026-12-03T10:15:00', 1]) {
      expect(fields(strictJsonViolations(orderPlaced, { placedAt })), String(placedAt)).toEqual(['placed_at']);
    }
    expect(strictJsonViolations(orderPlaced, { placedAt: '2024-02-29T23:59:59Z' })).toEqual([]);
    expect(fields(strictJsonViolations(orderPlaced, { placedAt: '0000-12-31T00:00:00Z' }))).toEqual(['placed_at']);
  });

  it('refuses unknown fields, a field given twice, unknown enum values and unpaired surrogates', () => {
    expect(fields(strictJsonViolations(changeAddress, { orderId: 'a', agnet: 'x' }))).toEqual(['agnet']);
    // A field the message once had and now reserves: an older client's body still goes through.
    expect(strictJsonViolations(changeAddress, { orderId: 'a', agent: { agentId: 'a-1' } })).toEqual([]);
    expect(fields(strictJsonViolations(changeAddress, { orderId: 'a', order_id: 'b' }))).toEqual(['order_id']);
    expect(fields(strictJsonViolations(changeAddress, { orderId: '\ud800' }))).toEqual(['order_id']);
    const order = message('cs.orders.v1.Order');
    expect(strictJsonViolations(order, { stage: 'FULFILMENT_STAGE_PAID' })).toEqual([]);
    expect(fields(strictJsonViolations(order, { stage: 'PAID' }))).toEqual(['stage']);
    expect(fields(strictJsonViolations(order, { stage: 999 }))).toEqual(['stage']);
  });

  it('refuses a map given as anything but an object of strings', () => {
    expect(fields(strictJsonViolations(orderPlaced, { items: [{ attributes: { colour: 1 } }] }))).toEqual([
      'items[0].attributes["colour"]',
    ]);
    expect(fields(strictJsonViolations(orderPlaced, { items: [{ attributes: ['a'] }] }))).toEqual([
      'items[0].attributes',
    ]);
  });

  it('what passes is read by ts-proto as sent', () => {
    const parsed = RecordOrderPlacedRequest.fromJSON(validPlaced);
    expect(parsed.items[0]?.unitPrice?.amountMinor).toBe(1999);
    expect(ChangeAddressRequest.fromJSON({ expected_version: '7' }).expectedVersion).toBe(7);
  });
});

describe('proto3 JSON responses', () => {
  it('writes 64-bit integers as strings, nested and repeated ones too', () => {
    const json = Order.toJSON(
      Order.fromJSON({ orderId: 'TB-1', version: 3, total: { amountMinor: 1999, currency: 'CNY' }, items: [{}] }),
    );
    const out = toProto3Json(message('cs.orders.v1.Order'), json) as Record<string, unknown>;
    expect(out.version).toBe('3');
    expect(out.total).toEqual({ amountMinor: '1999', currency: 'CNY' });
    expect(out.orderId).toBe('TB-1');
  });
});
