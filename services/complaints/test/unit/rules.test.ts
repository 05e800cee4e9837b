import { ComplaintNature } from '@cs/contracts/cs/complaints/v1/complaint';
import { describe, expect, it } from 'vitest';
import { apologyText } from '../../src/domain/apology.rule.js';
import { complaintNumber, complaintNumberDay } from '../../src/domain/complaint-number.rule.js';
import { missingFacts } from '../../src/domain/required-facts.rule.js';

const noFacts = { orderIds: [], productModel: '', skus: [], whatHappened: '', waybillNo: '' };

describe('complaint number rule', () => {
  it('is TS-YYYYMMDD-NNNN, counted per shop day', () => {
    expect(complaintNumber('2026-12-03', 7)).toBe('TS-20261203-0007');
    expect(complaintNumber('2026-12-03', 12345)).toBe('TS-20261203-12345');
  });

  it('takes the day in shop time: 23:30 UTC on 2 December is 3 December in Shanghai', () => {
    expect(complaintNumberDay(new Date('2026-12-02T23:30:00Z'), 'Asia/Shanghai')).toBe('2026-12-03');
    expect(complaintNumberDay(new Date('2026-12-02T15:59:00Z'), 'Asia/Shanghai')).toBe('2026-12-02');
  });
});

describe('first response rule (apology)', () => {
  it('apologises and names the registration number', () => {
    const text = apologyText('TS-20261203-0007');
    expect(text).toContain('抱歉');
    expect(text).toContain('已登记');
    expect(text).toContain('TS-20261203-0007');
  });
});

describe('required facts rule', () => {
  it('a quality complaint needs the order, purchase time, model, account and photos', () => {
    expect(missingFacts(ComplaintNature.COMPLAINT_NATURE_PRODUCT_QUALITY, noFacts, [])).toEqual([
      'order_ids',
      'purchased_at',
      'product_model',
      'what_happened',
      'evidence',
    ]);
  });

  it('a logistics complaint needs the waybill', () => {
    expect(
      missingFacts(
        ComplaintNature.COMPLAINT_NATURE_LOGISTICS,
        { ...noFacts, orderIds: ['TB1'], whatHappened: '没收到' },
        [],
      ),
    ).toEqual(['waybill_no']);
  });

  it('a service-attitude complaint needs only the account of what happened', () => {
    expect(
      missingFacts(ComplaintNature.COMPLAINT_NATURE_SERVICE_ATTITUDE, { ...noFacts, whatHappened: '态度差' }, []),
    ).toEqual([]);
  });
});
