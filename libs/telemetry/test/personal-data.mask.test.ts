import { describe, expect, it } from 'vitest';
import { maskName, maskPersonalData, maskPersonalDataInText, maskPhone } from '../src/index.js';

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
    expect(maskPersonalDataInText('amount 12345678901234, id 23812345678')).toBe(
      'amount 12345678901234, id 23812345678',
    );
  });
});

describe('personal data in free text', () => {
  it('masks an address written into a remark: the name by the phone, the phone and the address', () => {
    // How orders writes an address change remark (domain/remark.ts: name，phone，region，postal code).
    const remark =
      '客户要求修改地址，新地址为：张三丰，13812345678，广东省深圳市南山区科技园路1号，518000 ---2026.11.22 李四';
    expect(maskPersonalDataInText(remark)).toBe(
      '客户要求修改地址，新地址为：张**，138****5678，[masked address]，518000 ---2026.11.22 李四',
    );
  });

  it.each([
    ['北京市朝阳区建国路88号SOHO现代城5号楼', '[masked address]'],
    ['send it to 上海市浦东新区张江镇碧波路690号 please', 'send it to [masked address] please'],
    ['浙江省杭州市余杭区仓前街道文一西路969号', '[masked address]'],
    ['内蒙古自治区呼和浩特市新城区新华大街1号', '[masked address]'],
    ['河北省保定市清苑区东吕村', '[masked address]'],
    [
      'error: street too long: 江苏省南京市鼓楼区中山北路100号3栋2单元501室',
      'error: street too long: [masked address]',
    ],
  ])('masks the address in %s', (text, masked) => expect(maskPersonalDataInText(text)).toBe(masked));

  it.each([
    '已发货订单改地址：拦截后按新地址重新派送 (address change after shipping)',
    '客户拍下蓝色XL，要求修改成红色L，已修改妥当---2026.11.22 张三',
    'order BO00042 is at stage 已发货; version 7',
    '请联系客服处理退款',
  ])('leaves text without an address as it is: %s', (text) => expect(maskPersonalDataInText(text)).toBe(text));

  it('masks a name only where it stands alone before a phone number', () => {
    expect(maskPersonalDataInText('收件人：王五 +8613812345678')).toBe('收件人：王* +86*******5678');
    expect(maskPersonalDataInText('请联系客服13812345678')).toBe('请联系客服138****5678');
  });

  it('masks free text inside logged objects, under keys that say nothing about it', () => {
    const remark = { text: '新地址为：张三，13812345678，四川省成都市武侯区人民南路四段1号', kind: 'ADDRESS_CHANGE' };
    expect(maskPersonalData({ remark })).toEqual({
      remark: { text: '新地址为：张*，138****5678，[masked address]', kind: 'ADDRESS_CHANGE' },
    });
  });

  it('stays linear on long text with no address in it', () => {
    const text = '市'.repeat(50_000);
    const started = performance.now();
    expect(maskPersonalDataInText(text)).toBe(text);
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe('serialized errors', () => {
  it('keeps the error class in `name` but still masks personal data in the error', () => {
    const masked = maskPersonalData({ err: { name: 'DriverException', stack: 'at x', phone: '13812345678' } });
    expect(masked.err).toEqual({ name: 'DriverException', stack: 'at x', phone: '138****5678' });
  });
});
