import { CaseKind, PostagePayer } from '@cs/contracts/cs/aftersales/v1/case';
import { describe, expect, it } from 'vitest';
import { shippingFeeLiability } from '../../src/domain/shipping-fee-liability.rule.js';

describe('shipping-fee liability', () => {
  for (const kind of [CaseKind.CASE_KIND_RETURN_AND_REFUND, CaseKind.CASE_KIND_EXCHANGE, CaseKind.CASE_KIND_REPAIR]) {
    it(`${kind}, quality problem: the shop pays both ways and reimburses the customer's advanced return postage`, () => {
      expect(shippingFeeLiability({ kind, qualityProblem: true })).toEqual({
        returnPostage: PostagePayer.POSTAGE_PAYER_SHOP,
        outboundPostage: PostagePayer.POSTAGE_PAYER_SHOP,
        reimburseAdvancedReturnPostage: true,
      });
    });

    it(`${kind}, no quality problem: the customer pays the return postage, nothing is reimbursed`, () => {
      expect(shippingFeeLiability({ kind, qualityProblem: false })).toMatchObject({
        returnPostage: PostagePayer.POSTAGE_PAYER_CUSTOMER,
        reimburseAdvancedReturnPostage: false,
      });
    });
  }

  it('refund only: nothing travels either way', () => {
    expect(shippingFeeLiability({ kind: CaseKind.CASE_KIND_REFUND_ONLY, qualityProblem: true })).toEqual({
      returnPostage: PostagePayer.POSTAGE_PAYER_NOT_APPLICABLE,
      outboundPostage: PostagePayer.POSTAGE_PAYER_NOT_APPLICABLE,
      reimburseAdvancedReturnPostage: false,
    });
  });

  it('reissue: nothing comes back; the shop pays to send it again', () => {
    expect(shippingFeeLiability({ kind: CaseKind.CASE_KIND_REISSUE, qualityProblem: false })).toEqual({
      returnPostage: PostagePayer.POSTAGE_PAYER_NOT_APPLICABLE,
      outboundPostage: PostagePayer.POSTAGE_PAYER_SHOP,
      reimburseAdvancedReturnPostage: false,
    });
  });
});
