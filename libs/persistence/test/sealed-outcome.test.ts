import { describe, expect, it } from 'vitest';
import { openOutcome, outlineOf, sealOutcome, storedFingerprintOf, storedKeyOf } from '../src/sealed-outcome.js';

const outcome = { response: { order: { orderId: 'TB1', address: { phone: '13800001111', street: '文三路1号' } } } };

describe('a sealed idempotency outcome', () => {
  it('opens with the same operation, key and request fingerprint, and holds nothing in clear', () => {
    const sealed = sealOutcome('ChangeAddress', 'key-1', 'fp-1', outcome);
    expect(openOutcome('ChangeAddress', 'key-1', 'fp-1', sealed)).toEqual(outcome);
    expect(JSON.stringify(sealed)).not.toMatch(/13800001111|文三路|key-1|fp-1/);
    expect(sealed.masked).toEqual({
      response: { order: { orderId: 'TB1', address: { phone: '[text]', street: '[text]' } } },
    });
  });

  it('does not open with another key, another request, under another operation, or once altered', () => {
    const sealed = sealOutcome('ChangeAddress', 'key-1', 'fp-1', outcome);
    expect(() => openOutcome('ChangeAddress', 'key-2', 'fp-1', sealed)).toThrow();
    expect(() => openOutcome('ChangeAddress', 'key-1', 'fp-2', sealed)).toThrow();
    expect(() => openOutcome('CancelOrder', 'key-1', 'fp-1', sealed)).toThrow();
    const data = Buffer.from(sealed.sealed.data, 'base64');
    data[0] = (data[0] ?? 0) ^ 1;
    const altered = { ...sealed, sealed: { ...sealed.sealed, data: data.toString('base64') } };
    expect(() => openOutcome('ChangeAddress', 'key-1', 'fp-1', altered)).toThrow();
  });

  it('shows the table an outline with no personal data: ids, numbers, times, rules and enum names; other text and lists elided; every customer named', () => {
    const order = {
      orderId: 'TB1',
      version: 13,
      stage: 'FULFILMENT_STAGE_PACKED',
      customer: { customerId: 'buyer-1', displayName: '李四', contact: { phone: '13800001111' } },
      recipient: { name: 'JOHN', country: 'CN' },
      remarks: Array.from({ length: 12 }, (_, n) => ({
        text: `客户来电 13800001111 第${n}次`,
        customerId: `buyer-${n % 2}`,
      })),
      referral: { from: { customer: { customerId: 'buyer-7' } } },
      placedAt: new Date('2026-12-01T08:00:00Z'),
    };
    const remark = {
      text: '客户要求修改地址，新地址为：文三路1号',
      before: '{"street":"文二路2号"}',
      flag: 'FLAG_BLUE',
    };
    const sealed = sealOutcome('ChangeAddress', 'key-1', 'fp-1', {
      response: { order, remark, tasks: [{ taskId: 't1' }] },
    });
    expect(sealed.masked).toEqual({
      response: {
        order: {
          orderId: 'TB1',
          version: 13,
          stage: 'FULFILMENT_STAGE_PACKED',
          customer: { customerId: 'buyer-1', displayName: '[text]', contact: '{…}' },
          // Capitals alone are not an enum name: proto's carry their type's prefix.
          recipient: { name: '[text]', country: '[text]' },
          remarks: '[12 items]',
          referral: { from: '{…}' },
          placedAt: new Date('2026-12-01T08:00:00Z'),
        },
        remark: { text: '[text]', before: '[text]', flag: 'FLAG_BLUE' },
        tasks: '[1 item]',
      },
      customers: [{ customerId: 'buyer-1' }, { customerId: 'buyer-0' }, { customerId: 'buyer-7' }],
    });
    expect(JSON.stringify(sealed.masked)).not.toMatch(/13800001111|李四|文三路|文二路/);
    const refusal = sealOutcome('CancelOrder', 'key-2', 'fp-2', {
      error: { rule: 'orders.shipped', message: '李四的订单已发货' },
    });
    expect(refusal.masked).toEqual({ error: { rule: 'orders.shipped', message: '[text]' } });
    expect(outlineOf({ toJSON: () => ({ kind: 'proto', list: [1, 2] }) })).toEqual({
      kind: '[text]',
      list: '[2 items]',
    });
    expect(outlineOf([{ customerId: 'buyer-1' }])).toEqual({
      outline: '[1 item]',
      customers: [{ customerId: 'buyer-1' }],
    });
    // Only keys count: the same text inside a string value (a remark's before/after) does not.
    const quoted = { remark: { before: '{"customerId":"not-a-key"}' }, customer: { customerId: 'say "hi" \\ 李' } };
    expect(outlineOf(quoted)).toMatchObject({ customers: [{ customerId: 'say "hi" \\ 李' }] });
  });

  it('is deflated before it is sealed: an order with many remarks stores a fraction of its size', () => {
    const remark = (n: number) => ({
      text: `地址已更改（客户于聊天中确认）${n}`,
      before: '{"street":"文三路1号"}',
      after: `{"street":"文一路${n}号"}`,
    });
    const large = { response: { order: { orderId: 'TB1', remarks: Array.from({ length: 12 }, (_, n) => remark(n)) } } };
    const sealed = sealOutcome('ChangeAddress', 'key-1', 'fp-1', large);
    expect(sealed.sealed.v).toBe(2);
    expect(sealed.sealed.data.length).toBeLessThan(JSON.stringify(large).length / 3);
    expect(openOutcome('ChangeAddress', 'key-1', 'fp-1', sealed)).toEqual(large);
  });

  it('still opens an outcome sealed before deflating (version 1), and refuses a version it does not know', () => {
    // Written by the version 1 code for `outcome` under ChangeAddress, key-1, fp-1.
    const v1 = {
      v: 1 as const,
      salt: 'SJ+UsCh9zYAGzyJjZZvI2g==',
      iv: 'hSkwxGT34PUNbsP+',
      tag: 'GwpWFoFBWNzuhgfxkyPmHg==',
      data: 'eD2eHfkL2YnDiPA9k1PG223z6NZpDoRPCajcZcV7IacPo5SVGdi55nMeFW6z3avt3NTeL7LbDCBE887ZKBKb6zk8leFT2XEDP8RhlazPaVz5KTkpurN0J3omIz6WfKyzOrPt',
    };
    expect(openOutcome('ChangeAddress', 'key-1', 'fp-1', { sealed: v1, masked: {} })).toEqual(outcome);
    // The version is authenticated too: relabelled, either way, the outcome does not open.
    const v2 = sealOutcome('ChangeAddress', 'key-1', 'fp-1', outcome);
    const unauthentic = /unable to authenticate/;
    expect(() => openOutcome('ChangeAddress', 'key-1', 'fp-1', { ...v2, sealed: { ...v2.sealed, v: 1 } })).toThrow(
      unauthentic,
    );
    expect(() => openOutcome('ChangeAddress', 'key-1', 'fp-1', { sealed: { ...v1, v: 2 }, masked: {} })).toThrow(
      unauthentic,
    );
    const future = { sealed: { ...v1, v: 3 as never }, masked: {} };
    expect(() => openOutcome('ChangeAddress', 'key-1', 'fp-1', future)).toThrow(/version 3/);
  });

  it('stores hashes of the key and the fingerprint, not the values', () => {
    expect(storedKeyOf('key-1')).toMatch(/^sha256:[\da-f]{64}$/);
    expect(storedKeyOf('key-1')).toBe(storedKeyOf('key-1'));
    expect(storedFingerprintOf('fp-1')).not.toContain('fp-1');
  });
});
