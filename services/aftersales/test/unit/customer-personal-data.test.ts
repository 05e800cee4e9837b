import { ChaseParty } from '@cs/contracts/cs/aftersales/v1/tracking_service';
import { describe, expect, it } from 'vitest';
import type { AftersalesCase } from '../../src/domain/aftersales-case.aggregate.js';
import type { ChaseTask } from '../../src/domain/chase-task.aggregate.js';
import {
  ERASED,
  erasedAddress,
  eraseFromCase,
  eraseFromChaseTask,
  eraseFromReview,
} from '../../src/domain/customer-personal-data.js';
import type { Review } from '../../src/domain/review.aggregate.js';

const customer = { customerId: 'buyer-1', displayName: '李四' };
const address = {
  recipientName: '李四',
  phone: '13800000000',
  province: '浙江省',
  city: '杭州市',
  district: '西湖区',
  street: '文三路 1 号',
  postalCode: '310000',
};
const staff = { agentId: 'agent-9', name: '王五' };
const at = '2026-11-22T03:00:00.000Z';

describe('PIPL erasure: the customer is forgotten, the business facts stay', () => {
  it('an address keeps its region and loses who and where exactly', () => {
    expect(erasedAddress(address)).toEqual({
      ...address,
      recipientName: ERASED.name,
      phone: ERASED.phone,
      street: ERASED.street,
    });
  });

  it('a case loses the customer’s name and re-delivery address; ids, amounts and staff stay; twice is once', () => {
    const kase = {
      customer,
      redeliveryAddress: address,
      requestedAmount: { amountMinor: 1999, currency: 'CNY' },
      openedBy: staff,
    } as AftersalesCase;
    eraseFromCase(kase);
    const once = structuredClone(kase);
    eraseFromCase(kase);
    expect(kase).toEqual(once);
    expect(kase).toMatchObject({
      customer: { customerId: 'buyer-1', displayName: ERASED.name },
      redeliveryAddress: { city: '杭州市', street: ERASED.street, phone: '' },
      requestedAmount: { amountMinor: 1999 },
      openedBy: staff,
    });
  });

  it('a case without a re-delivery address stays without one', () => {
    const kase = { customer, redeliveryAddress: null } as AftersalesCase;
    eraseFromCase(kase);
    expect(kase.redeliveryAddress).toBeNull();
  });

  it('a chase task forgets the customer chases’ contact and words, keeps the courier chases', () => {
    const courierChase = {
      party: ChaseParty.CHASE_PARTY_COURIER,
      contact: '顺丰杭州网点',
      said: '已催派送',
      by: staff,
      at,
    };
    const customerChase = {
      party: ChaseParty.CHASE_PARTY_CUSTOMER,
      contact: '李四',
      said: '说家里没人',
      by: staff,
      at,
    };
    const task = { customer, chases: [courierChase, customerChase] } as ChaseTask;
    eraseFromChaseTask(task);
    expect(task.customer.displayName).toBe(ERASED.name);
    expect(task.chases).toEqual([courierChase, { ...customerChase, contact: ERASED.name, said: ERASED.text }]);
  });

  it('a review forgets its author’s name and text, keeps rating, cause and the shop’s reply', () => {
    const review = {
      customer,
      text: '物流太慢',
      rating: 'REVIEW_RATING_BAD',
      reply: '抱歉',
      repliedBy: staff,
    } as Review;
    eraseFromReview(review);
    expect(review).toMatchObject({
      customer: { customerId: 'buyer-1', displayName: ERASED.name },
      text: ERASED.text,
      rating: 'REVIEW_RATING_BAD',
      reply: '抱歉',
      repliedBy: staff,
    });
  });
});
