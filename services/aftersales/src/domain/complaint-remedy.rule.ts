import { CaseKind } from '@cs/contracts/cs/aftersales/v1/case';
import type { Money } from '@cs/contracts/cs/common/v1/money';
import { RemedyKind } from '@cs/contracts/cs/complaints/v1/complaint';
import type { RemedyChosen } from '@cs/contracts/cs/complaints/v1/events';
import type { ConcreteCaseKind } from './case-lifecycle.js';
import type { CaseItem } from './case-records.js';

/**
 * The after-sales case a complaint's chosen remedy becomes (domain.md §4 step 5): a reissue is a
 * reissue case, a return and refund its own kind, a partial refund a refund-only case for the
 * agreed amount, an exchange an exchange case. Compensation and an apology are settled by the
 * complaints desk itself: no case.
 */
export function caseKindForRemedy(kind: RemedyKind): ConcreteCaseKind | undefined {
  switch (kind) {
    case RemedyKind.REMEDY_KIND_REISSUE:
      return CaseKind.CASE_KIND_REISSUE;
    case RemedyKind.REMEDY_KIND_RETURN_AND_REFUND:
      return CaseKind.CASE_KIND_RETURN_AND_REFUND;
    case RemedyKind.REMEDY_KIND_PARTIAL_REFUND:
      return CaseKind.CASE_KIND_REFUND_ONLY;
    case RemedyKind.REMEDY_KIND_EXCHANGE:
      return CaseKind.CASE_KIND_EXCHANGE;
    default:
      return undefined;
  }
}

/**
 * The goods and money of that case: one of each SKU complained about; an exchange sends the same
 * SKU again (a good one for the faulty one); only a partial refund carries the agreed amount as
 * what the customer asked for (a return and refund is refunded on inspection, as any other).
 */
export function complaintCaseGoods(
  event: Pick<RemedyChosen, 'skus' | 'remedy'>,
  kind: ConcreteCaseKind,
): { items: CaseItem[]; wantedItem?: CaseItem; requestedAmount?: Money } {
  const items = event.skus.filter(Boolean).map((sku) => ({ sku, title: '', quantity: 1, attributes: {} }));
  return {
    items,
    wantedItem: kind === CaseKind.CASE_KIND_EXCHANGE ? items[0] : undefined,
    requestedAmount: kind === CaseKind.CASE_KIND_REFUND_ONLY ? event.remedy?.amount : undefined,
  };
}

/**
 * One case per chosen option: the same event delivered again finds the case already open, while a
 * later round (after a rejected case) choosing the same kind again is a new option and a new case.
 */
export const complaintOriginKey = (complaintId: string, optionId: string, kind: ConcreteCaseKind) =>
  `complaints:remedy_chosen:${complaintId}:${optionId || kind}`;
