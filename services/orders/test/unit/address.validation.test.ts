import { InvalidArgument, Violations } from '@cs/errors';
import { describe, expect, it } from 'vitest';
import { checkDeliveryAddress } from '../../src/domain/address.validation.js';

const valid = {
  recipientName: '李四',
  phone: '13800001111',
  province: '浙江省',
  city: '杭州市',
  district: '',
  street: '文三路1号',
  postalCode: '310000',
};

function fieldsOf(address: typeof valid | undefined): string[] {
  const violations = new Violations();
  checkDeliveryAddress(address, 'new_address', violations);
  try {
    violations.throwIfAny();
    return [];
  } catch (error) {
    return (error as InvalidArgument).violations.map((v) => v.field);
  }
}

describe('a delivery address the courier can use', () => {
  it('accepts a complete address with a mobile or landline number', () => {
    expect(fieldsOf(valid)).toEqual([]);
    expect(fieldsOf({ ...valid, phone: '0571-88886666' })).toEqual([]);
  });

  it('names each missing part', () => {
    expect(fieldsOf({ ...valid, recipientName: '', city: ' ', street: '' })).toEqual([
      'new_address.recipient_name',
      'new_address.city',
      'new_address.street',
    ]);
  });

  it('refuses a phone number that cannot be dialled and a malformed postal code', () => {
    expect(fieldsOf({ ...valid, phone: '12345', postalCode: '31' })).toEqual([
      'new_address.phone',
      'new_address.postal_code',
    ]);
  });

  it('requires the address itself', () => {
    expect(fieldsOf(undefined)).toEqual(['new_address']);
  });
});
