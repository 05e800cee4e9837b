import { CaseKind } from '@cs/contracts/cs/aftersales/v1/case';
import { HandOverReason } from '@cs/contracts/cs/orders/v1/events';
import { describe, expect, it } from 'vitest';
import {
  caseKindForHandOver,
  handOverGoods,
  handOverOriginKey,
  legacyHandOverOriginKey,
} from '../../src/domain/orders-hand-over.rule.js';

describe('what after-sales opens for a shipped order handed over by the order desk', () => {
  it('cancellation after shipping: intercept the parcel (then refund)', () => {
    expect(caseKindForHandOver(HandOverReason.HAND_OVER_REASON_CANCELLATION)).toBe(CaseKind.CASE_KIND_INTERCEPT);
  });

  it('address change after shipping: intercept the parcel (then deliver again)', () => {
    expect(caseKindForHandOver(HandOverReason.HAND_OVER_REASON_ADDRESS_CHANGE)).toBe(CaseKind.CASE_KIND_INTERCEPT);
  });

  it('attribute change after shipping: exchange', () => {
    expect(caseKindForHandOver(HandOverReason.HAND_OVER_REASON_ATTRIBUTE_CHANGE)).toBe(CaseKind.CASE_KIND_EXCHANGE);
  });

  it('an unspecified reason opens nothing', () => {
    expect(caseKindForHandOver(HandOverReason.HAND_OVER_REASON_UNSPECIFIED)).toBeUndefined();
  });
});

describe('the goods of a hand-over case: only an exchange (attribute change) has them', () => {
  const bought = {
    sku: 'TEE-M',
    title: 'T恤 M',
    quantity: 2,
    unitPrice: { amountMinor: 5900, currency: 'CNY' },
    attributes: {},
  };
  const wanted = { ...bought, sku: 'TEE-L', title: 'T恤 L' };

  it('attribute change: the bought line comes back, the wanted item goes out in the same quantity', () => {
    expect(
      handOverGoods({
        reason: HandOverReason.HAND_OVER_REASON_ATTRIBUTE_CHANGE,
        boughtItem: bought,
        wantedItem: wanted,
      }),
    ).toEqual({
      items: [{ sku: 'TEE-M', title: 'T恤 M', quantity: 2, attributes: {} }],
      wantedItem: { sku: 'TEE-L', title: 'T恤 L', quantity: 2, attributes: {} },
    });
  });

  it('attribute change without the lines (an older event): none, for the agent to set', () => {
    expect(handOverGoods({ reason: HandOverReason.HAND_OVER_REASON_ATTRIBUTE_CHANGE })).toEqual({
      items: [],
      wantedItem: undefined,
    });
  });

  it('an intercept (address change, cancellation) carries no goods, whatever the event holds', () => {
    for (const reason of [
      HandOverReason.HAND_OVER_REASON_ADDRESS_CHANGE,
      HandOverReason.HAND_OVER_REASON_CANCELLATION,
    ]) {
      expect(handOverGoods({ reason, boughtItem: bought, wantedItem: wanted })).toEqual({ items: [] });
    }
  });
});

describe('one case per hand-over: per order and reason, and per line for an exchange', () => {
  const line = (sku: string) => ({ sku, title: sku, quantity: 1, attributes: {} });
  const exchange = HandOverReason.HAND_OVER_REASON_ATTRIBUTE_CHANGE;

  it('two lines of one order handed over for an exchange each get their own case', () => {
    const first = handOverOriginKey({ orderId: 'TB1', reason: exchange, boughtItem: line('TEE-M') });
    const second = handOverOriginKey({ orderId: 'TB1', reason: exchange, boughtItem: line('MUG-RED') });
    expect(first).not.toBe(second);
    expect(handOverOriginKey({ orderId: 'TB1', reason: exchange, boughtItem: line('TEE-M') })).toBe(first);
  });

  it('an intercept, or an exchange event without its line, keeps one case per order and reason', () => {
    const cancel = HandOverReason.HAND_OVER_REASON_CANCELLATION;
    expect(handOverOriginKey({ orderId: 'TB1', reason: cancel, boughtItem: line('TEE-M') })).toBe(
      legacyHandOverOriginKey('TB1', cancel),
    );
    expect(handOverOriginKey({ orderId: 'TB1', reason: exchange })).toBe(legacyHandOverOriginKey('TB1', exchange));
  });

  it('the colour and size asked for travel with the wanted item', () => {
    const goods = handOverGoods({
      reason: exchange,
      boughtItem: line('TEE-M'),
      wantedItem: { ...line('TEE-L'), attributes: { 尺码: 'L' } },
    });
    expect(goods.wantedItem?.attributes).toEqual({ 尺码: 'L' });
  });
});
