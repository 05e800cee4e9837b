import { CaseKind } from '@cs/contracts/cs/aftersales/v1/case';
import { HandOverReason } from '@cs/contracts/cs/orders/v1/events';
import { describe, expect, it } from 'vitest';
import { caseKindForHandOver } from '../../src/domain/orders-hand-over.rule.js';

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
