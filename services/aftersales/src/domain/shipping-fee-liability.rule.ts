import { CaseKind, PostagePayer, type ShippingFeeLiability } from '@cs/contracts/cs/aftersales/v1/case';
import { returnsGoods } from './case-lifecycle.js';

export type { ShippingFeeLiability };

/** The stable rule names of the fee-liability rule and its reimbursement obligation. */
export const FEE_LIABILITY_RULE = {
  advancedPostageRequired: 'aftersales.shipping-fee-liability.advanced-postage-required',
  reimburseOnlyQualityProblems: 'aftersales.shipping-fee-liability.reimburse-only-quality-problems',
  reimburseAfterReceipt: 'aftersales.shipping-fee-liability.reimburse-after-receipt',
  reimburseBeforeCompletion: 'aftersales.shipping-fee-liability.reimburse-before-completion',
} as const;

/**
 * Who pays the shipping (domain.md §3): a quality problem → the shop pays both ways, the customer
 * advances the return postage and is reimbursed once the return arrives; no quality problem →
 * the customer pays the return postage. The shop always pays what it sends out.
 */
export function shippingFeeLiability(kase: { kind: CaseKind; qualityProblem: boolean }): ShippingFeeLiability {
  const shipsOut = kase.kind !== CaseKind.CASE_KIND_REFUND_ONLY && kase.kind !== CaseKind.CASE_KIND_RIGHTS_CLAIM;
  const outboundPostage =
    shipsOut && kase.kind !== CaseKind.CASE_KIND_EXTEND_RECEIPT_TIME
      ? PostagePayer.POSTAGE_PAYER_SHOP
      : PostagePayer.POSTAGE_PAYER_NOT_APPLICABLE;
  if (!returnsGoods(kase.kind)) {
    return {
      returnPostage: PostagePayer.POSTAGE_PAYER_NOT_APPLICABLE,
      outboundPostage,
      reimburseAdvancedReturnPostage: false,
    };
  }
  if (kase.qualityProblem) {
    return {
      returnPostage: PostagePayer.POSTAGE_PAYER_SHOP,
      outboundPostage,
      reimburseAdvancedReturnPostage: true,
    };
  }
  return {
    returnPostage: PostagePayer.POSTAGE_PAYER_CUSTOMER,
    outboundPostage,
    reimburseAdvancedReturnPostage: false,
  };
}
