import { describe, expect, it } from 'vitest';
import { hiddenKinds, maskMessage } from '../src/personal-data.policy.js';

const order = {
  orderId: 'TB1',
  customer: { customerId: 'buyer-1', displayName: '李四' },
  address: { recipientName: '李四', phone: '13800001111', province: '浙江省', city: '杭州市', street: '文三路1号' },
  remarks: [
    {
      text: '客户要求修改地址，新地址为：李四，13800001111，浙江省杭州市文三路1号 ---2026.11.22 张三',
      before: 'a',
      after: 'b',
    },
  ],
};

describe('personal data is masked per field for roles that do not need it', () => {
  it('an integrator sees 138****1111, no street and no names; the business facts stay', () => {
    const masked = maskMessage('cs.orders.v1.Order', order, hiddenKinds(['integrator']));
    expect(masked.address).toEqual({
      recipientName: '李*',
      phone: '138****1111',
      province: '浙江省',
      city: '杭州市',
      street: '***',
    });
    expect(masked.customer).toEqual({ customerId: 'buyer-1', displayName: '李*' });
    expect(masked.remarks[0]?.text).toBe('***');
    expect(masked.orderId).toBe('TB1');
    expect(order.address.phone).toBe('13800001111');
  });

  it('the order desk sees everything in clear', () => {
    expect(hiddenKinds(['order-desk-clerk']).size).toBe(0);
    expect(maskMessage('cs.orders.v1.Order', order, hiddenKinds(['order-desk-clerk']))).toEqual(order);
  });

  it('the warehouse sees where the parcel goes but not the phone', () => {
    const masked = maskMessage('cs.orders.v1.Order', order, hiddenKinds(['warehouse-staff']));
    expect(masked.address?.street).toBe('文三路1号');
    expect(masked.address?.phone).toBe('138****1111');
  });

  it('a care agent may call the customer but does not see the street', () => {
    const masked = maskMessage('cs.orders.v1.Order', order, hiddenKinds(['care-agent']));
    expect(masked.address?.phone).toBe('13800001111');
    expect(masked.address?.street).toBe('***');
  });

  it('an email is masked to its first letter and domain for an integrator, in clear for a care agent', () => {
    const profile = { customerId: 'buyer-1', email: 'li.si@example.com', displayName: '李四', phone: '13800001111' };
    const type = 'cs.care.v1.CustomerProfile';
    expect(maskMessage(type, profile, hiddenKinds(['integrator']))).toMatchObject({
      email: 'l***@example.com',
      displayName: '李*',
      phone: '138****1111',
    });
    expect(maskMessage(type, profile, hiddenKinds(['care-agent']))).toEqual(profile);
  });

  it('several roles see what any of them may see', () => {
    expect(hiddenKinds(['integrator', 'order-desk-clerk']).size).toBe(0);
  });

  it('lists of messages are masked item by item', () => {
    const masked = maskMessage(
      'cs.orders.v1.ListCustomerOrdersResponse',
      { orders: [order, order] },
      hiddenKinds(['integrator']),
    );
    expect(masked.orders.map((o) => o.address?.phone)).toEqual(['138****1111', '138****1111']);
  });
});
