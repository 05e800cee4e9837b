/**
 * A customer's right to be forgotten (PIPL), in the front line's records. The one place that says
 * what of a customer is personal data here:
 * - their name (the display name of conversations and 催付 tasks);
 * - what they wrote: their messages' text and the files they sent;
 * - what quotes them: a 催付 task's outcome (what they said about paying), the product suggestions
 *   registered from their conversations;
 * - their phone numbers, addresses and name inside staff text about them: replies, notes, system
 *   lines (order-desk remarks carry the new address), the record, handover notes.
 * Kept, so reports still add up: ids, classes, stages, statuses, counts, timestamps, figures.
 */
export const ERASED = '[erased]';

// An address follows its label up to the remark's signature (" ---2026.11.22 张三") or the line's end;
// "已改地址：" (an outcome's heading, followed by the desk's remark) is no label.
const ADDRESS_AFTER_LABEL = /((?<!改)(?:新|原|收货)?地址(?:为|是)?[：:])[^\n]*?(?=\s?---|\n|$)/g;
// Mainland mobiles (optionally +86) and landlines with an area code.
const MOBILE = /(?<!\d)(?:\+?86[-\s]?)?1[3-9]\d{9}(?!\d)/g;
const LANDLINE = /(?<!\d)0\d{2,3}-\d{7,8}(?!\d)/g;

/** Staff text about the customer with their addresses, phone numbers and names replaced by the marker. */
export function scrubCustomerDetails(text: string, names: readonly string[]): string {
  let scrubbed = text.replace(ADDRESS_AFTER_LABEL, `$1${ERASED}`).replace(MOBILE, ERASED).replace(LANDLINE, ERASED);
  // One-character names would erase ordinary words.
  for (const name of names) if (name.length >= 2 && name !== ERASED) scrubbed = scrubbed.replaceAll(name, ERASED);
  return scrubbed;
}

/** What the customer wrote, or a quote of it: nothing of it is kept. */
export function eraseCustomerWords(text: string): string {
  return text ? ERASED : text;
}
