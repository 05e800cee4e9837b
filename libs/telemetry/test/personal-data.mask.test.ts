import { describe, expect, it } from 'vitest';
import { maskName, maskPersonalData, maskPhone, maskPhonesInText } from '../src/index.js';

describe('maskPersonalData', () => {
  it('masks phones, names and addresses by key, at any depth, without touching the input', () => {
    const order = {
      id: 'o-1',
      phone: '13812345678',
      customer: { name: '张三', displayName: 'John Smith', mobile: 13912345678 },
      shipping: [{ recipient_name: '李小龙', contact_tel: '+8613812345678', address: '上海市浦东新区世纪大道100号' }],
    };
    const snapshot = structuredClone(order);

    expect(maskPersonalData(order)).toEqual({
      id: 'o-1',
      phone: '138****5678',
      customer: { name: '张*', displayName: 'J***', mobile: '139****5678' },
      shipping: [{ recipient_name: '李**', contact_tel: '+86*******5678', address: '[masked address]' }],
    });
    expect(order).toEqual(snapshot);
  });

  it('recognises keys by their words, in camelCase and snake_case', () => {
    expect(
      maskPersonalData({
        recipientName: 'Alice',
        recipientPhone: '13812345678',
        homeAddress: { city: '北京', street: '长安街1号' },
        street: 'Main St 1',
        telNumber: '13812345678',
      }),
    ).toEqual({
      recipientName: 'A***',
      recipientPhone: '138****5678',
      homeAddress: '[masked address]',
      street: '[masked address]',
      telNumber: '138****5678',
    });
  });

  it('leaves technical keys alone', () => {
    const technical = {
      serviceName: 'orders',
      hostname: 'pod-1',
      remoteAddress: '10.0.0.1',
      ipAddress: '10.0.0.2',
      emailAddress: 'a@example.com',
      hotel: 'Grand',
      fileName: 'a.txt',
      addressId: 'addr-7',
    };
    expect(maskPersonalData(technical)).toEqual(technical);
  });

  it('recognises keys the same way after more distinct keys than it remembers (a map keyed by ids)', () => {
    const byOrderId = Object.fromEntries(
      Array.from({ length: 10_000 }, (_, i) => [`BO${i}`, { phone: '13812345678', note: 'n' }]),
    );
    const masked = maskPersonalData({ byOrderId, recipientName: 'Alice', hostname: 'pod-1' });
    expect(Object.keys(masked.byOrderId)).toHaveLength(10_000);
    expect(masked.byOrderId.BO0).toEqual({ phone: '138****5678', note: 'n' });
    expect(masked.byOrderId.BO9999).toEqual({ phone: '138****5678', note: 'n' });
    expect(masked.recipientName).toBe('A***');
    expect(masked.hostname).toBe('pod-1');
  });

  it('masks phone numbers inside strings, also nested', () => {
    expect(maskPersonalData('call 13812345678 or +4915112345678, order 202411221234567')).toBe(
      'call 138****5678 or +49*******5678, order 202411221234567',
    );
    expect(maskPersonalData({ note: ['ring 15912345678'] })).toEqual({ note: ['ring 159****5678'] });
  });

  it('keeps nulls, errors and dates, and survives cycles', () => {
    const error = new Error('boom');
    const date = new Date(0);
    const cyclic: Record<string, unknown> = { phone: null, error, date };
    cyclic.self = cyclic;
    expect(maskPersonalData(cyclic)).toEqual({ phone: null, error, date, self: '[Circular]' });
  });

  it('serialises objects with toJSON before masking them', () => {
    class Customer {
      constructor(private readonly fullName: string) {}
      toJSON() {
        return { fullName: this.fullName };
      }
    }
    expect(maskPersonalData({ customer: new Customer('Bob') })).toEqual({ customer: { fullName: 'B**' } });
  });
});

describe('mask helpers', () => {
  it.each([
    ['13812345678', '138****5678'],
    ['+8613812345678', '+86*******5678'],
    ['1234567', '*******'],
  ])('maskPhone(%s) = %s', (phone, masked) => expect(maskPhone(phone)).toBe(masked));

  it.each([
    ['张三', '张*'],
    ['欧阳娜娜', '欧***'],
    ['J', '*'],
    ['Jonathan', 'J***'],
  ])('maskName(%s) = %s', (name, masked) => expect(maskName(name)).toBe(masked));

  it('does not mask digits that are not phone numbers', () => {
    expect(maskPhonesInText('amount 12345678901234, id 23812345678')).toBe('amount 12345678901234, id 23812345678');
  });
});

describe('serialized errors', () => {
  it('keeps the error class in `name` but still masks personal data in the error', () => {
    const masked = maskPersonalData({ err: { name: 'DriverException', stack: 'at x', phone: '13812345678' } });
    expect(masked.err).toEqual({ name: 'DriverException', stack: 'at x', phone: '138****5678' });
  });
});
