import type { Violations } from './index.js';

/** The shape of cs.common.v1.Money (structural, so this lib needs no generated contracts). */
export interface MoneyFields {
  amountMinor: number;
  currency: string;
}

/** The shape of google.protobuf.Timestamp. */
export interface TimestampFields {
  seconds: number;
  nanos: number;
}

const currencyPattern = /^[A-Z]{3}$/;

export function checkLength(value: string | undefined, field: string, max: number, violations: Violations): void {
  if (value && value.length > max) violations.add(field, `must be at most ${max} characters`);
}

export function checkEnum(value: string, allowed: readonly string[], field: string, violations: Violations): void {
  if (!allowed.includes(value)) violations.add(field, `must be one of ${allowed.join(', ')}`);
}

/** Enum values other than the zero value, for "must be one of" messages. */
export const knownValues = (enumObject: Record<string, string>): string[] =>
  Object.values(enumObject).filter((v) => !v.endsWith('_UNSPECIFIED'));

/** An amount in whole minor units (fen) with an ISO 4217 currency. */
export function checkMoney(
  money: MoneyFields | undefined,
  field: string,
  violations: Violations,
  { required = false, positive = false } = {},
): void {
  if (!money) {
    if (required) violations.add(field, 'is required');
    return;
  }
  if (!Number.isSafeInteger(money.amountMinor) || money.amountMinor < (positive ? 1 : 0))
    violations.add(
      `${field}.amount_minor`,
      `must be a ${positive ? 'positive' : 'non-negative'} whole number of minor units`,
    );
  if (!currencyPattern.test(money.currency))
    violations.add(`${field}.currency`, 'must be an ISO 4217 code such as CNY');
}

export function checkTimestamp(
  value: TimestampFields | undefined,
  field: string,
  violations: Violations,
  required = true,
): void {
  if (!value) {
    if (required) violations.add(field, 'is required');
    return;
  }
  if (!Number.isSafeInteger(value.seconds) || value.seconds < 0 || value.nanos < 0 || value.nanos > 999_999_999)
    violations.add(field, 'must be a valid time');
}

/** State-changing commands are retried after a lost reply: the key makes the retry return the first outcome. */
export function checkIdempotencyKey(key: string | undefined, violations: Violations, field = 'idempotency_key'): void {
  violations.require(field, key, 'is required: a retry must return the first outcome, not act twice');
  checkLength(key, field, 128, violations);
}
