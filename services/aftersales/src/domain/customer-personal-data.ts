import { ChaseParty } from '@cs/contracts/cs/aftersales/v1/tracking_service';
import type { CustomerRef } from '@cs/contracts/cs/common/v1/refs';
import type { Address } from '@cs/contracts/cs/orders/v1/order';
import type { AftersalesCase } from './aftersales-case.aggregate.js';
import type { ChaseTask } from './chase-task.aggregate.js';
import type { DetailsChase } from './details-chase.entity.js';
import type { Review } from './review.aggregate.js';
import type { Shipment } from './shipment.entity.js';

/**
 * What after-sales holds of a customer's personal data, in one place, and how it is forgotten
 * when the customer asks (PIPL erasure). Fixed markers replace it; ids, kinds, states, amounts,
 * ratings, causes, counts and times stay, so reports still add up. Erasing twice changes nothing.
 *
 * Not personal data of the customer: what staff wrote (case reasons and notes, replies,
 * resolutions), staff names (who acted, who signed the parcel in), courier and waybill numbers.
 */
export const ERASED = { name: '[erased]', phone: '', street: '[erased]', text: '[erased]' } as const;

export function erasedCustomer(customer: CustomerRef): CustomerRef {
  return { ...customer, displayName: ERASED.name };
}

/** Province, city and district stay: they are regional figures, not a way to reach the person. */
export function erasedAddress(address: Address): Address {
  return { ...address, recipientName: ERASED.name, phone: ERASED.phone, street: ERASED.street };
}

/** The case's customer and the address a re-delivery goes to. */
export function eraseFromCase(kase: AftersalesCase): void {
  kase.customer = erasedCustomer(kase.customer);
  if (kase.redeliveryAddress) kase.redeliveryAddress = erasedAddress(kase.redeliveryAddress);
}

export function eraseFromShipment(shipment: Shipment): void {
  shipment.customer = erasedCustomer(shipment.customer);
}

/** The customer, and each chase of the customer: whom the agent spoke to and what was said. */
export function eraseFromChaseTask(task: ChaseTask): void {
  task.customer = erasedCustomer(task.customer);
  task.chases = task.chases.map((chase) =>
    chase.party === ChaseParty.CHASE_PARTY_CUSTOMER ? { ...chase, contact: ERASED.name, said: ERASED.text } : chase,
  );
}

/** The author and what they wrote; rating and cause stay for the statistics. */
export function eraseFromReview(review: Review): void {
  review.customer = erasedCustomer(review.customer);
  review.text = ERASED.text;
}

/** The customer, and their words the front line passed on. */
export function eraseFromDetailsChase(chase: DetailsChase): void {
  chase.customer = erasedCustomer(chase.customer);
  chase.description = ERASED.text;
}
