import { describe, expect, it } from 'vitest';
import { methodMessages, protoRegistry } from '../src/proto-registry.js';

describe('methodMessages: the descriptors of one method, from its file and its imports only', () => {
  it('finds the request and response of a method, fields and nested imports resolved', () => {
    const found = methodMessages('cs.orders.v1.OrdersService', 'ChangeAddress')!;
    expect(found.input.typeName).toBe('cs.orders.v1.ChangeAddressRequest');
    expect(found.output.typeName).toBe('cs.orders.v1.ChangeAddressResponse');
    const whole = protoRegistry().getMessage('cs.orders.v1.ChangeAddressRequest')!;
    expect(found.input.fields.map((f) => [f.name, f.number, f.fieldKind])).toEqual(
      whole.fields.map((f) => [f.name, f.number, f.fieldKind]),
    );
    const address = found.input.fields.find((f) => f.name === 'new_address')!;
    expect(address.message?.typeName).toBe('cs.orders.v1.Address'); // from order.proto, an import
  });

  it('serves services of different files that share imports', () => {
    expect(methodMessages('cs.audit.v1.AuditService', 'ListAuditRecords')?.input.typeName).toBe(
      'cs.audit.v1.ListAuditRecordsRequest',
    );
    expect(methodMessages('cs.care.v1.ConsentService', 'RecordConsent')?.input.typeName).toBe(
      'cs.care.v1.RecordConsentRequest',
    );
  });

  it('answers undefined for an unknown service or method', () => {
    expect(methodMessages('cs.nope.v1.Nothing', 'Get')).toBeUndefined();
    expect(methodMessages('cs.orders.v1.OrdersService', 'Nothing')).toBeUndefined();
  });
});
