import { describe, expect, it } from 'vitest';
import { moneyText } from '../../src/domain/money-text.js';

describe('amounts in texts people read are in major units, not minor units', () => {
  it('1200 minor units of CNY read 12.00 CNY', () => {
    expect(moneyText({ amountMinor: 1200, currency: 'CNY' })).toBe('12.00 CNY');
    expect(moneyText({ amountMinor: 1999, currency: 'CNY' })).toBe('19.99 CNY');
  });

  it('follows the currency exponent (JPY has no minor unit)', () => {
    expect(moneyText({ amountMinor: 1200, currency: 'JPY' })).toBe('1200 JPY');
  });
});
