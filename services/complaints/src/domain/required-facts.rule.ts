import { ComplaintNature } from '@cs/contracts/cs/complaints/v1/complaint';
import type { EvidenceRecord, FactsRecord } from './complaint-records.js';

export const REQUIRED_FACTS_RULE = 'complaints.verification.required-facts';

type Fact = 'order_ids' | 'purchased_at' | 'product_model' | 'skus' | 'what_happened' | 'waybill_no' | 'evidence';

/**
 * Required facts rule (step 2, 倾听核实): what must be on the file before verification ends depends
 * on the kind of complaint. A quality or wrong-item claim needs the order, the product and photos;
 * a logistics claim the waybill; a service-attitude claim only the account of what happened.
 */
export const requiredFacts: Record<ComplaintNature, Fact[]> = {
  [ComplaintNature.COMPLAINT_NATURE_PRODUCT_QUALITY]: [
    'order_ids',
    'purchased_at',
    'product_model',
    'what_happened',
    'evidence',
  ],
  [ComplaintNature.COMPLAINT_NATURE_WRONG_ITEM]: ['order_ids', 'skus', 'what_happened', 'evidence'],
  [ComplaintNature.COMPLAINT_NATURE_LOGISTICS]: ['order_ids', 'waybill_no', 'what_happened'],
  [ComplaintNature.COMPLAINT_NATURE_PRICE]: ['order_ids', 'purchased_at', 'what_happened'],
  [ComplaintNature.COMPLAINT_NATURE_SERVICE_ATTITUDE]: ['what_happened'],
  [ComplaintNature.COMPLAINT_NATURE_OTHER]: ['what_happened'],
  [ComplaintNature.COMPLAINT_NATURE_UNSPECIFIED]: ['what_happened'],
};

/** The required facts still missing, by their proto names; empty when verification may end. */
export function missingFacts(nature: ComplaintNature, facts: FactsRecord, evidence: EvidenceRecord[]): Fact[] {
  const present: Record<Fact, boolean> = {
    order_ids: facts.orderIds.some((id) => id.trim() !== ''),
    purchased_at: Boolean(facts.purchasedAt),
    product_model: facts.productModel.trim() !== '',
    skus: facts.skus.some((sku) => sku.trim() !== ''),
    what_happened: facts.whatHappened.trim() !== '',
    waybill_no: facts.waybillNo.trim() !== '',
    evidence: evidence.length > 0,
  };
  return (requiredFacts[nature] ?? requiredFacts[ComplaintNature.COMPLAINT_NATURE_UNSPECIFIED]).filter(
    (fact) => !present[fact],
  );
}
