import { CaseKind, MissingDetail, ParcelProblem } from '@cs/contracts/cs/aftersales/v1/case';
import type { ConcreteCaseKind } from './case-lifecycle.js';

/** What the customer's words on the front line ask of after-sales, as far as they tell. */
export interface InquiryRequestReading {
  kind?: ConcreteCaseKind;
  parcelProblem: ParcelProblem;
  qualityProblem: boolean;
}

/** The case a front-line request opens, or what must be asked of the customer first. */
export type InquiryRequestDecision =
  | { open: true; reading: InquiryRequestReading & { kind: ConcreteCaseKind } }
  | { open: false; missing: MissingDetail[]; reading: InquiryRequestReading };

// First match wins: the more specific wishes before the general 退 (return).
const kindWords: [RegExp, ConcreteCaseKind][] = [
  [/延长收货|延迟收货|extend/i, CaseKind.CASE_KIND_EXTEND_RECEIPT_TIME],
  [/拦截|拦下|追回|intercept/i, CaseKind.CASE_KIND_INTERCEPT],
  [
    /没物流|物流不动|物流没更新|没有物流|查件|丢件|丢了|没收到|未收到|还没到|快递.*(慢|停)|lost|not arrived/i,
    CaseKind.CASE_KIND_PARCEL_PROBLEM,
  ],
  [/换货|换一[个件双]|换个|换成|调换|尺码不对|码数不对|exchange/i, CaseKind.CASE_KIND_EXCHANGE],
  [/维修|修一下|修理|返修|repair/i, CaseKind.CASE_KIND_REPAIR],
  [/补发|少发|漏发|少了一|缺件|没发全|reissue|missing item/i, CaseKind.CASE_KIND_REISSUE],
  [/仅退款|只退款|不用退货|refund only/i, CaseKind.CASE_KIND_REFUND_ONLY],
  [/退货|退款|退掉|退了|退回|return|refund/i, CaseKind.CASE_KIND_RETURN_AND_REFUND],
];
const qualityWords = /质量|坏了|破了|破损|裂|瑕疵|掉色|开线|开胶|有问题|次品|defect|broken|damaged/i;
const parcelProblemWords: [RegExp, ParcelProblem][] = [
  [/丢件|丢了|lost/i, ParcelProblem.PARCEL_PROBLEM_LOST],
  [/压坏|破损|摔坏|damaged/i, ParcelProblem.PARCEL_PROBLEM_DAMAGED],
  [/慢|延误|还没到|delayed/i, ParcelProblem.PARCEL_PROBLEM_DELAYED],
];

/** Reads the customer's words: the kind of case they ask for, a quality problem, a parcel problem. */
export function readInquiryRequest(words: string): InquiryRequestReading {
  const kind = kindWords.find(([pattern]) => pattern.test(words))?.[1];
  const parcelProblem =
    kind === CaseKind.CASE_KIND_PARCEL_PROBLEM
      ? (parcelProblemWords.find(([pattern]) => pattern.test(words))?.[1] ?? ParcelProblem.PARCEL_PROBLEM_NO_UPDATE)
      : ParcelProblem.PARCEL_PROBLEM_UNSPECIFIED;
  // A quality claim is about goods the customer has; a parcel problem is the courier's.
  const qualityProblem = kind !== CaseKind.CASE_KIND_PARCEL_PROBLEM && qualityWords.test(words);
  return { kind, parcelProblem, qualityProblem };
}

/**
 * A front-line after-sales request opens a case only with what a case needs: the order, and what
 * the customer wants (the kind). Missing either, the desk chases the customer for it instead of
 * guessing; the case is opened once the customer has said.
 */
export function decideInquiryRequest(words: string, orderId: string): InquiryRequestDecision {
  const reading = readInquiryRequest(words);
  const missing = [
    ...(orderId ? [] : [MissingDetail.MISSING_DETAIL_ORDER]),
    ...(reading.kind ? [] : [MissingDetail.MISSING_DETAIL_REQUEST_KIND]),
  ];
  if (!missing.length && reading.kind) return { open: true, reading: { ...reading, kind: reading.kind } };
  return { open: false, missing, reading };
}

/** The case (or chase) of a conversation: one per conversation and kind, as an agent's OpenCase keys it. */
export const inquiryOriginKey = (source: string, conversationId: string, kind: CaseKind) =>
  `${source}:${conversationId}:${kind}`;
