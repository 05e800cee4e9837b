import { describe, expect, it } from 'vitest';
import { promiseShipDate } from '../../src/domain/shipping-promise.rule.js';

const shanghai = 'Asia/Shanghai';
// 15:59 and 16:00 on 2026-11-22 in Shanghai (UTC+8).
const beforeCutOff = new Date('2026-11-22T07:59:00Z');
const atCutOff = new Date('2026-11-22T08:00:00Z');

describe('shipping promise (发货时间)', () => {
  it('in stock and paid before 16:00 shop time: ships today', () => {
    expect(promiseShipDate({ inStock: true, paidAt: beforeCutOff, urgent: false }, shanghai)).toMatchObject({
      shipDate: '2026-11-22',
      warehouseMustConfirm: false,
    });
  });

  it('in stock but paid at or after 16:00: ships the next day', () => {
    expect(promiseShipDate({ inStock: true, paidAt: atCutOff, urgent: false }, shanghai).shipDate).toBe('2026-11-23');
  });

  it('not in stock: ships the next day', () => {
    expect(promiseShipDate({ inStock: false, paidAt: beforeCutOff, urgent: false }, shanghai).shipDate).toBe(
      '2026-11-23',
    );
  });

  it('urgent: the warehouse must confirm the stock before the agent answers', () => {
    expect(promiseShipDate({ inStock: true, paidAt: beforeCutOff, urgent: true }, shanghai).warehouseMustConfirm).toBe(
      true,
    );
  });

  it('uses the shop’s time zone: 15:00 UTC is already the next day in Shanghai', () => {
    expect(
      promiseShipDate({ inStock: true, paidAt: new Date('2026-11-30T17:00:00Z'), urgent: false }, shanghai).shipDate,
    ).toBe('2026-12-01');
    expect(
      promiseShipDate({ inStock: true, paidAt: new Date('2026-11-22T10:00:00Z'), urgent: false }, 'Europe/London')
        .shipDate,
    ).toBe('2026-11-22');
  });

  it('the next day rolls over month and year ends', () => {
    expect(
      promiseShipDate({ inStock: false, paidAt: new Date('2026-12-31T02:00:00Z'), urgent: false }, shanghai).shipDate,
    ).toBe('2027-01-01');
  });
});
