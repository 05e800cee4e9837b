import { CaseKind, MissingDetail, ParcelProblem } from '@cs/contracts/cs/aftersales/v1/case';
import { describe, expect, it } from 'vitest';
import { decideInquiryRequest, readInquiryRequest } from '../../src/domain/inquiry-request.rule.js';

describe('reading a front-line after-sales request: what the customer wants', () => {
  it.each([
    ['我要退货退款', CaseKind.CASE_KIND_RETURN_AND_REFUND],
    ['不想要了，退掉吧', CaseKind.CASE_KIND_RETURN_AND_REFUND],
    ['仅退款就行，东西不用寄回', CaseKind.CASE_KIND_REFUND_ONLY],
    ['尺码不对，换个大一码', CaseKind.CASE_KIND_EXCHANGE],
    ['拉链坏了能维修吗', CaseKind.CASE_KIND_REPAIR],
    ['少发了一个杯子，给我补发', CaseKind.CASE_KIND_REISSUE],
    ['快递好几天没物流了', CaseKind.CASE_KIND_PARCEL_PROBLEM],
    ['帮我延长收货时间', CaseKind.CASE_KIND_EXTEND_RECEIPT_TIME],
    ['已经发货了，帮我拦截一下', CaseKind.CASE_KIND_INTERCEPT],
    ['I want to return it and get a refund', CaseKind.CASE_KIND_RETURN_AND_REFUND],
  ])('%s → %s', (words, kind) => {
    expect(readInquiryRequest(words).kind).toBe(kind);
  });

  it('a quality problem is read from the words, but not for a parcel the courier lost', () => {
    expect(readInquiryRequest('杯子有裂纹，要退货').qualityProblem).toBe(true);
    expect(readInquiryRequest('不喜欢颜色，要退货').qualityProblem).toBe(false);
    const lost = readInquiryRequest('快递丢件了，破损也不知道');
    expect(lost).toMatchObject({ kind: CaseKind.CASE_KIND_PARCEL_PROBLEM, qualityProblem: false });
    expect(lost.parcelProblem).toBe(ParcelProblem.PARCEL_PROBLEM_LOST);
  });
});

describe('a case only with what a case needs, otherwise a chase for the details', () => {
  it('order and wish known: a case of that kind', () => {
    expect(decideInquiryRequest('要退货', 'TB1')).toMatchObject({
      open: true,
      reading: { kind: CaseKind.CASE_KIND_RETURN_AND_REFUND },
    });
  });

  it('missing the order, the wish, or both: a chase naming what is missing', () => {
    expect(decideInquiryRequest('要退货', '')).toMatchObject({
      open: false,
      missing: [MissingDetail.MISSING_DETAIL_ORDER],
    });
    expect(decideInquiryRequest('在吗', 'TB1')).toMatchObject({
      open: false,
      missing: [MissingDetail.MISSING_DETAIL_REQUEST_KIND],
    });
    expect(decideInquiryRequest('在吗', '')).toMatchObject({
      open: false,
      missing: [MissingDetail.MISSING_DETAIL_ORDER, MissingDetail.MISSING_DETAIL_REQUEST_KIND],
    });
  });
});
