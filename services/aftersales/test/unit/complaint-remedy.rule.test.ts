import { CaseKind } from '@cs/contracts/cs/aftersales/v1/case';
import { RemedyKind } from '@cs/contracts/cs/complaints/v1/complaint';
import { describe, expect, it } from 'vitest';
import { caseKindForRemedy, complaintCaseGoods, complaintOriginKey } from '../../src/domain/complaint-remedy.rule.js';

const cny = (amountMinor: number) => ({ amountMinor, currency: 'CNY' });
const remedy = (kind: RemedyKind, amount?: ReturnType<typeof cny>) => ({
  optionId: 'r1-o1',
  kind,
  days: 3,
  amount,
  description: '',
});

describe('the after-sales case a complaint remedy becomes', () => {
  it.each([
    [RemedyKind.REMEDY_KIND_REISSUE, CaseKind.CASE_KIND_REISSUE],
    [RemedyKind.REMEDY_KIND_RETURN_AND_REFUND, CaseKind.CASE_KIND_RETURN_AND_REFUND],
    [RemedyKind.REMEDY_KIND_PARTIAL_REFUND, CaseKind.CASE_KIND_REFUND_ONLY],
    [RemedyKind.REMEDY_KIND_EXCHANGE, CaseKind.CASE_KIND_EXCHANGE],
  ])('remedy %s opens case kind %s', (remedyKind, caseKind) => {
    expect(caseKindForRemedy(remedyKind)).toBe(caseKind);
  });

  it.each([
    RemedyKind.REMEDY_KIND_COMPENSATION,
    RemedyKind.REMEDY_KIND_APOLOGY_ONLY,
    RemedyKind.REMEDY_KIND_UNSPECIFIED,
  ])('remedy %s is the complaints desk’s own: no case', (remedyKind) => {
    expect(caseKindForRemedy(remedyKind)).toBeUndefined();
  });
});

describe('the goods and money of a complaint case', () => {
  it('one of each SKU complained about comes back or goes out again', () => {
    const goods = complaintCaseGoods(
      { skus: ['MUG-RED', 'MUG-LID'], remedy: remedy(RemedyKind.REMEDY_KIND_REISSUE) },
      CaseKind.CASE_KIND_REISSUE,
    );
    expect(goods.items.map((item) => [item.sku, item.quantity])).toEqual([
      ['MUG-RED', 1],
      ['MUG-LID', 1],
    ]);
    expect(goods.wantedItem).toBeUndefined();
    expect(goods.requestedAmount).toBeUndefined();
  });

  it('an exchange sends the same SKU again (a good one for the faulty one)', () => {
    const goods = complaintCaseGoods(
      { skus: ['MUG-RED'], remedy: remedy(RemedyKind.REMEDY_KIND_EXCHANGE) },
      CaseKind.CASE_KIND_EXCHANGE,
    );
    expect(goods.wantedItem).toEqual({ sku: 'MUG-RED', title: '', quantity: 1, attributes: {} });
  });

  it('a partial refund asks for the agreed amount; a return and refund is refunded on inspection', () => {
    expect(
      complaintCaseGoods(
        { skus: ['MUG-RED'], remedy: remedy(RemedyKind.REMEDY_KIND_PARTIAL_REFUND, cny(500)) },
        CaseKind.CASE_KIND_REFUND_ONLY,
      ).requestedAmount,
    ).toEqual(cny(500));
    expect(
      complaintCaseGoods(
        { skus: ['MUG-RED'], remedy: remedy(RemedyKind.REMEDY_KIND_RETURN_AND_REFUND, cny(500)) },
        CaseKind.CASE_KIND_RETURN_AND_REFUND,
      ).requestedAmount,
    ).toBeUndefined();
  });
});

describe('one case per chosen option', () => {
  it('the same option keys the same case; a later round’s option of the same kind is a new case', () => {
    const first = complaintOriginKey('c-1', 'r1-o1', CaseKind.CASE_KIND_REISSUE);
    expect(complaintOriginKey('c-1', 'r1-o1', CaseKind.CASE_KIND_REISSUE)).toBe(first);
    expect(complaintOriginKey('c-1', 'r2-o1', CaseKind.CASE_KIND_REISSUE)).not.toBe(first);
    expect(complaintOriginKey('c-2', 'r1-o1', CaseKind.CASE_KIND_REISSUE)).not.toBe(first);
  });
});
