import { ChangeKind, ConfirmationChannel, SpecialRequestKind } from '@cs/contracts/cs/orders/v1/order';
import { describe, expect, it } from 'vitest';
import { ERASED, erasedAddress, erasedChangeFacts, erasedRemark } from '../../src/domain/customer-erasure.js';
import { FulfilmentStage } from '../../src/domain/fulfilment-stage.js';
import { Order } from '../../src/domain/order.aggregate.js';
import type { ChangeContext } from '../../src/domain/order-change.entity.js';

const blueMug = { sku: 'MUG-BLUE', title: '蓝色马克杯', attributes: {} };

const address = {
  recipientName: '李四',
  phone: '13800001111',
  province: '浙江省',
  city: '杭州市',
  district: '西湖区',
  street: '文三路1号',
  postalCode: '310000',
};
const at = new Date('2026-11-22T03:00:00Z');
const context: ChangeContext = {
  agent: { agentId: 'a-7', name: '张三' },
  at,
  timeZone: 'Asia/Shanghai',
  confirmation: { confirmedAt: at.toISOString(), channel: ConfirmationChannel.CONFIRMATION_CHANNEL_CHAT },
};

function paidOrder(): Order {
  const order = Order.place({
    id: 'TB1',
    customer: { customerId: 'buyer-1', displayName: '李四' },
    items: [
      {
        sku: 'MUG-RED',
        title: '红色马克杯',
        quantity: 1,
        unitPrice: { amountMinor: 1999, currency: 'CNY' },
        attributes: {},
      },
    ],
    address,
    total: { amountMinor: 1999, currency: 'CNY' },
    placedAt: at,
  });
  order.reachStage(FulfilmentStage.FULFILMENT_STAGE_PAID, at);
  return order;
}

describe('customer erasure (PIPL)', () => {
  it('an address keeps its province and city only', () => {
    expect(erasedAddress(address)).toEqual({
      recipientName: ERASED,
      phone: '',
      province: '浙江省',
      city: '杭州市',
      district: '',
      street: ERASED,
      postalCode: '',
    });
  });

  it("an order loses the customer's name, address and quoted words; facts and staff signatures stay", () => {
    const order = paidOrder();
    order.changeAddress({ ...address, street: '文一路99号' }, context);
    order.recordSpecialRequest(
      { kind: SpecialRequestKind.SPECIAL_REQUEST_KIND_GREETING_CARD, detail: '生日快乐' },
      context,
    );
    order.recordSpecialRequest({ kind: SpecialRequestKind.SPECIAL_REQUEST_KIND_COURIER, detail: '顺丰' }, context);
    order.changeAttributes('MUG-RED', blueMug, context);
    const { items, total, stage, paidAt } = order;
    order.eraseCustomerData();
    expect(order.customer).toEqual({ customerId: 'buyer-1', displayName: ERASED });
    expect(order.address).toMatchObject({ recipientName: ERASED, phone: '', street: ERASED, city: '杭州市' });
    expect(order.remarks.map((r) => r.text)).toEqual([
      `客户要求修改地址，新地址为：${ERASED} ---2026.11.22 张三`,
      `客户要求附贺卡，贺卡内容：${ERASED}---2026.11.22 张三`,
      '客户要求指定快递：顺丰---2026.11.22 张三',
      '客户拍下红色马克杯(MUG-RED)，要求修改成蓝色马克杯(MUG-BLUE)，已修改妥当---2026.11.22 张三',
    ]);
    expect(order.remarks[0]).toMatchObject({ before: ERASED, after: ERASED });
    expect(JSON.stringify(order)).not.toMatch(/李四|13800001111|文三路|文一路|生日快乐/);
    expect({ items: order.items, total: order.total, stage: order.stage, paidAt: order.paidAt }).toEqual({
      items,
      total,
      stage,
      paidAt,
    });
  });

  it('erasing again changes nothing', () => {
    const order = paidOrder();
    order.changeAddress({ ...address, street: '文一路99号' }, context);
    order.recordSpecialRequest({ kind: SpecialRequestKind.SPECIAL_REQUEST_KIND_INVOICE, detail: '李四' }, context);
    order.eraseCustomerData();
    const once = structuredClone({ customer: order.customer, address: order.address, remarks: order.remarks });
    order.eraseCustomerData();
    expect({ customer: order.customer, address: order.address, remarks: order.remarks }).toEqual(once);
    expect(order.remarks.map(erasedRemark)).toEqual(once.remarks);
  });

  it("a change keeps its kind; an address or the customer's own words in it go, a courier choice stays", () => {
    expect(erasedChangeFacts(ChangeKind.CHANGE_KIND_ADDRESS, { before: '李四，…', after: '李四，…' })).toEqual({
      before: ERASED,
      after: ERASED,
      specialRequest: null,
    });
    const invoice = { kind: SpecialRequestKind.SPECIAL_REQUEST_KIND_INVOICE, detail: '李四' };
    expect(
      erasedChangeFacts(ChangeKind.CHANGE_KIND_SPECIAL_REQUEST, {
        before: '',
        after: '开发票，发票抬头：李四',
        specialRequest: invoice,
      }),
    ).toEqual({ before: '', after: `开发票，发票抬头：${ERASED}`, specialRequest: { ...invoice, detail: ERASED } });
    const courier = { kind: SpecialRequestKind.SPECIAL_REQUEST_KIND_COURIER, detail: '顺丰' };
    expect(
      erasedChangeFacts(ChangeKind.CHANGE_KIND_SPECIAL_REQUEST, {
        before: '',
        after: '指定快递：顺丰',
        specialRequest: courier,
      }),
    ).toEqual({ before: '', after: '指定快递：顺丰', specialRequest: courier });
    const attributes = { before: '红色马克杯(MUG-RED)', after: '蓝色马克杯(MUG-BLUE)' };
    expect(erasedChangeFacts(ChangeKind.CHANGE_KIND_ATTRIBUTES, attributes)).toEqual({
      ...attributes,
      specialRequest: null,
    });
  });
});
