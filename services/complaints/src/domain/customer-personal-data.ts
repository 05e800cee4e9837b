import type { Complaint } from './complaint.aggregate.js';

/**
 * What a complaint file holds of the customer's personal data, and how it is forgotten when the
 * customer asks (PIPL erasure). Fixed markers replace the customer's name and words; ids, orders,
 * SKUs, stages, analysis, remedies, amounts, scores and times stay, so reports still add up.
 * Erasing twice changes nothing. Not the customer's: what staff wrote (analysis notes), staff names.
 */
export const ERASED = '[erased]';

const erased = (text: string) => (text ? ERASED : text);

/** Step actions whose note carries the customer's own words. */
export const CUSTOMER_WORDS_STEPS = ['refused', 'confirmed'] as const;

export function eraseFromComplaint(c: Complaint): void {
  c.customer = { ...c.customer, displayName: erased(c.customer.displayName) };
  c.description = erased(c.description);
  c.remedySought = erased(c.remedySought);
  c.facts = { ...c.facts, whatHappened: erased(c.facts.whatHappened) };
  c.rounds = c.rounds.map((r) => ({ ...r, customerWords: erased(r.customerWords) }));
  if (c.evaluation) c.evaluation = { ...c.evaluation, comment: erased(c.evaluation.comment) };
}
