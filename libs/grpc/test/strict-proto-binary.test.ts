import { ChangeAddressRequest, RecordOrderPlacedRequest } from '@cs/contracts/cs/orders/v1/orders_service';
import { describe, expect, it } from 'vitest';
import { protoRegistry } from '../src/proto-registry.js';
import { wireViolation } from '../src/strict-proto-binary.js';

const changeAddress = protoRegistry().getMessage('cs.orders.v1.ChangeAddressRequest')!;
const orderPlaced = protoRegistry().getMessage('cs.orders.v1.RecordOrderPlacedRequest')!;
const valid = Buffer.from(
  RecordOrderPlacedRequest.encode({
    orderId: 'TB-1',
    customer: { customerId: 'c-1', displayName: '张三' },
    items: [
      {
        sku: 'S1',
        title: 'Kettle',
        quantity: 2,
        unitPrice: { amountMinor: 1999, currency: 'CNY' },
        attributes: { 颜色: '蓝色' },
      },
    ],
    address: undefined,
    total: { amountMinor: 3998, currency: 'CNY' },
    placedAt: { seconds: 1_790_000_000, nanos: 0 },
  }).finish(),
);

const articleHit = protoRegistry().getMessage('cs.knowledge.v1.ArticleHit')!;

describe('strict protobuf decoding of requests', () => {
  it('accepts a well-formed message, unknown fields included (newer clients)', () => {
    expect(wireViolation(orderPlaced, valid)).toBeUndefined();
    const unknownField = Buffer.concat([valid, Buffer.from([0xf8, 0x07, 0x01])]); // field 127, varint 1
    expect(wireViolation(orderPlaced, unknownField)).toBeUndefined();
  });

  it('refuses every truncation of a message that ends inside a field', () => {
    let refused = 0;
    for (let cut = 1; cut < valid.length; cut++) if (wireViolation(orderPlaced, valid.subarray(0, cut))) refused++;
    // A cut exactly between two top-level fields leaves a shorter but valid message.
    expect(refused).toBeGreaterThan(valid.length - 8);
    expect(wireViolation(orderPlaced, valid.subarray(0, 5))?.description).toMatch(/EOF|truncated/);
  });

  it('refuses illegal tags, wrong wire types for known fields and invalid UTF-8', () => {
    expect(wireViolation(orderPlaced, Buffer.from([0x07, 0x01]))).toBeDefined(); // field 0
    expect(wireViolation(orderPlaced, Buffer.from([0x0e, 0x01]))).toBeDefined(); // wire type 6
    expect(wireViolation(orderPlaced, Buffer.from([0x08, 0x01]))).toMatchObject({ field: 'order_id' });
    expect(wireViolation(orderPlaced, Buffer.from([0x0a, 0x02, 0xc3, 0x28]))).toEqual({
      field: 'order_id',
      description: 'is not valid UTF-8',
    });
  });

  it('refuses a double that is NaN or infinite, as the HTTP mirror does', () => {
    const double = (value: number) => {
      const bytes = Buffer.alloc(9);
      bytes[0] = (3 << 3) | 1; // score, 64-bit
      bytes.writeDoubleLE(value, 1);
      return bytes;
    };
    expect(wireViolation(articleHit, double(0.5))).toBeUndefined();
    expect(wireViolation(articleHit, double(Number.NaN))).toEqual({
      field: 'score',
      description: 'must be a finite number',
    });
    expect(wireViolation(articleHit, double(Number.POSITIVE_INFINITY))).toMatchObject({ field: 'score' });
    expect(wireViolation(articleHit, double(0.5).subarray(0, 6))).toBeDefined();
  });

  it('refuses 64-bit integers the services cannot hold exactly', () => {
    const big = Buffer.from(
      ChangeAddressRequest.encode({ orderId: 'a', idempotencyKey: '', expectedVersion: 2 ** 53 }).finish(),
    );
    expect(wireViolation(changeAddress, big)).toMatchObject({ field: 'expected_version' });
  });
});
