import { describe, expect, it } from 'vitest';
import {
  checkEnum,
  checkIdempotencyKey,
  checkLength,
  checkMoney,
  checkTimestamp,
  InvalidArgument,
  knownValues,
  Violations,
} from '../src/index.js';

function fieldsOf(check: (violations: Violations) => void): string[] {
  const violations = new Violations();
  check(violations);
  try {
    violations.throwIfAny();
    return [];
  } catch (error) {
    return (error as InvalidArgument).violations.map((v) => v.field);
  }
}

describe('generic field checks', () => {
  it('checkLength names a field longer than the limit, and lets an empty one pass', () => {
    expect(fieldsOf((v) => checkLength('abcd', 'note', 3, v))).toEqual(['note']);
    expect(fieldsOf((v) => checkLength('abc', 'note', 3, v))).toEqual([]);
    expect(fieldsOf((v) => checkLength(undefined, 'note', 3, v))).toEqual([]);
  });

  it('checkEnum with knownValues refuses the zero value and unknown values', () => {
    const Channel = { CHANNEL_UNSPECIFIED: 'CHANNEL_UNSPECIFIED', CHANNEL_CHAT: 'CHANNEL_CHAT' };
    expect(knownValues(Channel)).toEqual(['CHANNEL_CHAT']);
    expect(fieldsOf((v) => checkEnum('CHANNEL_CHAT', knownValues(Channel), 'channel', v))).toEqual([]);
    expect(fieldsOf((v) => checkEnum('CHANNEL_UNSPECIFIED', knownValues(Channel), 'channel', v))).toEqual(['channel']);
  });

  it('checkMoney names amount_minor and currency, and the money itself only when required', () => {
    expect(fieldsOf((v) => checkMoney({ amountMinor: 1.5, currency: 'cny' }, 'refund', v))).toEqual([
      'refund.amount_minor',
      'refund.currency',
    ]);
    expect(fieldsOf((v) => checkMoney({ amountMinor: 0, currency: 'CNY' }, 'refund', v, { positive: true }))).toEqual([
      'refund.amount_minor',
    ]);
    expect(fieldsOf((v) => checkMoney({ amountMinor: 0, currency: 'CNY' }, 'refund', v))).toEqual([]);
    expect(fieldsOf((v) => checkMoney(undefined, 'refund', v))).toEqual([]);
    expect(fieldsOf((v) => checkMoney(undefined, 'refund', v, { required: true }))).toEqual(['refund']);
  });

  it('checkTimestamp refuses impossible times and a missing required one', () => {
    expect(fieldsOf((v) => checkTimestamp({ seconds: 1, nanos: 1_000_000_000 }, 'at', v))).toEqual(['at']);
    expect(fieldsOf((v) => checkTimestamp({ seconds: -1, nanos: 0 }, 'at', v))).toEqual(['at']);
    expect(fieldsOf((v) => checkTimestamp(undefined, 'at', v))).toEqual(['at']);
    expect(fieldsOf((v) => checkTimestamp(undefined, 'at', v, false))).toEqual([]);
  });

  it('checkIdempotencyKey requires a key of at most 128 characters', () => {
    expect(fieldsOf((v) => checkIdempotencyKey('', v))).toEqual(['idempotency_key']);
    expect(fieldsOf((v) => checkIdempotencyKey('k'.repeat(129), v))).toEqual(['idempotency_key']);
    expect(fieldsOf((v) => checkIdempotencyKey('k-1', v))).toEqual([]);
  });
});
