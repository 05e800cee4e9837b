import type { CustomerRef } from '@cs/contracts/cs/common/v1/refs';
import { type Address, ChangeKind, RemarkKind, type SpecialRequest } from '@cs/contracts/cs/orders/v1/order';
import type { OrderRemark } from './remark.js';
import { customerWrittenKinds, customerWrittenWordings } from './special-request.js';

/**
 * What the order desk holds of a customer's personal data, and what it becomes when they ask to be
 * forgotten (PIPL). One place, so every table erases the same way:
 * - the customer's display name on the order;
 * - delivery addresses (the order's, a change's, a desk task's): recipient, phone, street, district
 *   and postal code go; province and city stay, so regional reports still add up;
 * - remark and change texts quoting an address, and special requests in the customer's own words
 *   (invoice title, greeting-card text);
 * - the payer name of bank transfers that paid the customer's orders.
 * Ids, items, amounts, stages, timestamps and who on the staff did what are business facts and stay.
 * Each function gives the same result when applied again: erasure is idempotent.
 */
export const ERASED = '[erased]';

export function erasedCustomer(customer: CustomerRef): CustomerRef {
  return { ...customer, displayName: ERASED };
}

export function erasedAddress(address: Address): Address {
  return { ...address, recipientName: ERASED, phone: '', street: ERASED, district: '', postalCode: '' };
}

/** 附贺卡，贺卡内容：生日快乐 → 附贺卡，贺卡内容：[erased]; a courier or a time window is kept. */
function erasedRequestText(text: string): string {
  const wording = customerWrittenWordings.find((w) => text.startsWith(w));
  return wording === undefined ? text : `${wording}${ERASED}`;
}

/** The text with its quote of `quoted` replaced (a function replacer: the customer's text may hold `$&`). */
function replaceQuote(text: string, quoted: string, by: string): string {
  return quoted ? text.replace(quoted, () => by) : text;
}

/**
 * A remark quoting an address or the customer's words loses them; its kind, flag, date and the
 * staff signature (---2026.11.22 张三) stay.
 */
export function erasedRemark(remark: OrderRemark): OrderRemark {
  if (remark.kind === RemarkKind.REMARK_KIND_ADDRESS_CHANGE) {
    return { ...remark, text: replaceQuote(remark.text, remark.after, ERASED), before: ERASED, after: ERASED };
  }
  if (remark.kind === RemarkKind.REMARK_KIND_SPECIAL_REQUEST) {
    const after = erasedRequestText(remark.after);
    return { ...remark, text: replaceQuote(remark.text, remark.after, after), after };
  }
  return remark;
}

/** The before/after of a change, as its remark states them, and its special request. */
export function erasedChangeFacts(
  kind: ChangeKind,
  facts: { before: string; after: string; specialRequest?: SpecialRequest | null },
): { before: string; after: string; specialRequest: SpecialRequest | null } {
  const request = facts.specialRequest ?? null;
  if (kind === ChangeKind.CHANGE_KIND_ADDRESS) return { before: ERASED, after: ERASED, specialRequest: request };
  if (kind !== ChangeKind.CHANGE_KIND_SPECIAL_REQUEST) return { ...facts, specialRequest: request };
  return {
    before: facts.before,
    after: erasedRequestText(facts.after),
    specialRequest: request && customerWrittenKinds.includes(request.kind) ? { ...request, detail: ERASED } : request,
  };
}
