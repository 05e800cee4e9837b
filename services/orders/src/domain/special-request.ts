import { type SpecialRequest, SpecialRequestKind } from '@cs/contracts/cs/orders/v1/order';

const wording: Record<SpecialRequestKind, string> = {
  [SpecialRequestKind.SPECIAL_REQUEST_KIND_UNSPECIFIED]: '',
  [SpecialRequestKind.SPECIAL_REQUEST_KIND_COURIER]: '指定快递：',
  [SpecialRequestKind.SPECIAL_REQUEST_KIND_INVOICE]: '开发票，发票抬头：',
  [SpecialRequestKind.SPECIAL_REQUEST_KIND_GREETING_CARD]: '附贺卡，贺卡内容：',
  [SpecialRequestKind.SPECIAL_REQUEST_KIND_DELIVERY_WINDOW]: '送货时间：',
};

/**
 * The kinds whose detail is the customer's own words about themselves: an invoice title is often
 * their name, a card text is private. A courier or a time window is a preference, kept for reports.
 */
export const customerWrittenKinds: readonly SpecialRequestKind[] = [
  SpecialRequestKind.SPECIAL_REQUEST_KIND_INVOICE,
  SpecialRequestKind.SPECIAL_REQUEST_KIND_GREETING_CARD,
];

/** The wording that introduces the detail of each customer-written kind, e.g. 附贺卡，贺卡内容：. */
export const customerWrittenWordings = customerWrittenKinds.map((kind) => wording[kind]);

/** 指定快递：顺丰 / 开发票，发票抬头：… : the request as the remark and the printing desk read it. */
export function specialRequestText(request: SpecialRequest): string {
  return `${wording[request.kind]}${request.detail}`;
}
