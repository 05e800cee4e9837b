import {
  ChangeKind,
  ChangeStatus,
  ConfirmationChannel,
  DeskTaskKind,
  DeskTaskStatus,
  RemarkFlag,
  RemarkKind,
  SpecialRequestKind,
} from '@cs/contracts/cs/orders/v1/order';
import { RuleViolation } from '@cs/errors';
import { describe, expect, it } from 'vitest';
import { DUPLICATE_SKU_RULE } from '../../src/domain/attribute-change.rule.js';
import { FulfilmentStage } from '../../src/domain/fulfilment-stage.js';
import { Order, ShippedOrderChangeRefused } from '../../src/domain/order.aggregate.js';
import type { ChangeContext } from '../../src/domain/order-change.entity.js';

const blueMug = { sku: 'MUG-BLUE', title: '蓝色马克杯', attributes: {} };

const oldAddress = {
  recipientName: '李四',
  phone: '13800001111',
  province: '浙江省',
  city: '杭州市',
  district: '西湖区',
  street: '文三路1号',
  postalCode: '',
};
const newAddress = { ...oldAddress, street: '文一路99号' };
const agent = { agentId: 'a-7', name: '张三' };
const at = new Date('2026-11-22T03:00:00Z');
const context = (when = at): ChangeContext => ({
  agent,
  at: when,
  timeZone: 'Asia/Shanghai',
  confirmation: { confirmedAt: at.toISOString(), channel: ConfirmationChannel.CONFIRMATION_CHANNEL_PHONE },
});

function order(stage: FulfilmentStage = FulfilmentStage.FULFILMENT_STAGE_PLACED): Order {
  const placed = Order.place({
    id: 'TB1001',
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
    address: oldAddress,
    total: { amountMinor: 1999, currency: 'CNY' },
    placedAt: at,
  });
  placed.version = 1;
  if (stage !== FulfilmentStage.FULFILMENT_STAGE_PLACED) placed.reachStage(stage as never, at);
  return placed;
}

function ruleOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    if (error instanceof RuleViolation) return error.rule;
    throw error;
  }
  return undefined;
}

describe('Order', () => {
  it('moves forward with each fulfilment fact and records when', () => {
    const o = order();
    expect(o.reachStage(FulfilmentStage.FULFILMENT_STAGE_PAID, at)).toBe(true);
    expect(o.reachStage(FulfilmentStage.FULFILMENT_STAGE_PRINTED, at)).toBe(true);
    expect(o.stage).toBe(FulfilmentStage.FULFILMENT_STAGE_PRINTED);
    expect(o.printedAt).toEqual(at);
  });

  it('ignores a repeated or late older fact', () => {
    const o = order(FulfilmentStage.FULFILMENT_STAGE_PACKED);
    expect(o.reachStage(FulfilmentStage.FULFILMENT_STAGE_PRINTED, at)).toBe(false);
    expect(o.reachStage(FulfilmentStage.FULFILMENT_STAGE_PACKED, at)).toBe(false);
    expect(o.stage).toBe(FulfilmentStage.FULFILMENT_STAGE_PACKED);
  });
});

describe('Order.changeAddress', () => {
  it('not printed: the address is changed with a structured red remark in the handbook form, done at once', () => {
    const o = order(FulfilmentStage.FULFILMENT_STAGE_PAID);
    const decision = o.changeAddress(newAddress, context());
    expect(decision.tasks).toEqual([]);
    expect(decision.change.status).toBe(ChangeStatus.CHANGE_STATUS_DONE);
    expect(o.address).toEqual(newAddress);
    expect(decision.previousAddress).toEqual(oldAddress);
    expect(decision.remark).toMatchObject({
      text: '客户要求修改地址，新地址为：李四，13800001111，浙江省杭州市西湖区文一路99号 ---2026.11.22 张三',
      flag: RemarkFlag.REMARK_FLAG_RED,
      kind: RemarkKind.REMARK_KIND_ADDRESS_CHANGE,
      author: agent,
      createdAt: at.toISOString(),
      before: '李四，13800001111，浙江省杭州市西湖区文三路1号',
      after: '李四，13800001111，浙江省杭州市西湖区文一路99号',
    });
    expect(o.remarks).toHaveLength(1);
  });

  it('records when and how the customer confirmed the change', () => {
    const decision = order(FulfilmentStage.FULFILMENT_STAGE_PAID).changeAddress(newAddress, context());
    expect(decision.change.confirmation).toEqual({
      confirmedAt: at.toISOString(),
      channel: ConfirmationChannel.CONFIRMATION_CHANNEL_PHONE,
    });
    expect(decision.change.stageAtCommit).toBe(FulfilmentStage.FULFILMENT_STAGE_PAID);
  });

  it('printed: the change waits for a warehouse task and a reprint carrying the new address', () => {
    const decision = order(FulfilmentStage.FULFILMENT_STAGE_PRINTED).changeAddress(newAddress, context());
    expect(decision.change.status).toBe(ChangeStatus.CHANGE_STATUS_AWAITING_TASKS);
    expect(decision.tasks.map((t) => [t.kind, t.sequence, t.status])).toEqual([
      [DeskTaskKind.DESK_TASK_KIND_RETRIEVE_DOCUMENTS, 1, DeskTaskStatus.DESK_TASK_STATUS_OPEN],
      [DeskTaskKind.DESK_TASK_KIND_REPRINT, 2, DeskTaskStatus.DESK_TASK_STATUS_OPEN],
    ]);
    expect(decision.tasks[0]).toMatchObject({ orderId: 'TB1001', changeId: decision.change.id, newAddress });
    expect(decision.change.taskIds).toEqual(decision.tasks.map((t) => t.id));
  });

  it('shipped: the change is refused naming the rule, handed over, and the order is untouched', () => {
    const o = order(FulfilmentStage.FULFILMENT_STAGE_SHIPPED);
    let refusal: ShippedOrderChangeRefused | undefined;
    try {
      o.changeAddress(newAddress, context());
    } catch (error) {
      refusal = error as ShippedOrderChangeRefused;
    }
    expect(refusal).toBeInstanceOf(ShippedOrderChangeRefused);
    expect(refusal?.rule).toBe('order-desk.shipped-order-goes-to-aftersales');
    expect(refusal?.handOver.status).toBe(ChangeStatus.CHANGE_STATUS_HANDED_TO_AFTERSALES);
    expect(o.address).toEqual(oldAddress);
    expect(o.remarks).toHaveLength(0);
  });

  it('shipped: the refusal tells the agent what after-sales will do with each kind of change', () => {
    const refusalOf = (change: (o: Order) => unknown) => {
      try {
        change(order(FulfilmentStage.FULFILMENT_STAGE_SHIPPED));
      } catch (error) {
        return (error as ShippedOrderChangeRefused).message;
      }
      return undefined;
    };
    expect(refusalOf((o) => o.changeAddress(newAddress, context()))).toContain(
      'intercept or re-delivery to the new address',
    );
    expect(refusalOf((o) => o.changeAttributes('MUG-RED', blueMug, context()))).toContain(
      'an exchange for the item wanted',
    );
    expect(refusalOf((o) => o.cancel(context()))).toContain('intercept, then the refund');
  });

  it('dates the remark in the shop’s time zone, not UTC', () => {
    const lateEvening = new Date('2026-11-22T17:30:00Z'); // 01:30 on the 23rd in Shanghai
    const decision = order().changeAddress(newAddress, context(lateEvening));
    expect(decision.remark.text.endsWith('---2026.11.23 张三')).toBe(true);
  });
});

describe('Order.changeAttributes (改属性)', () => {
  it('not printed: the item becomes the new SKU, remarked 客户拍下X，要求修改成Y，已修改妥当', () => {
    const o = order(FulfilmentStage.FULFILMENT_STAGE_PAID);
    const decision = o.changeAttributes('MUG-RED', blueMug, context());
    expect(o.items[0]).toMatchObject({ sku: 'MUG-BLUE', title: '蓝色马克杯', quantity: 1 });
    expect(decision.previousItems[0]?.sku).toBe('MUG-RED');
    expect(decision.remark.text).toBe(
      '客户拍下红色马克杯(MUG-RED)，要求修改成蓝色马克杯(MUG-BLUE)，已修改妥当---2026.11.22 张三',
    );
    expect(decision.remark.kind).toBe(RemarkKind.REMARK_KIND_ATTRIBUTE_CHANGE);
    expect(decision.tasks).toEqual([]);
  });

  it('packed: the reprint task carries the new items', () => {
    const decision = order(FulfilmentStage.FULFILMENT_STAGE_PACKED).changeAttributes('MUG-RED', blueMug, context());
    expect(decision.tasks[1]?.newItems?.[0]?.sku).toBe('MUG-BLUE');
  });

  it('refuses a SKU that is not on the order', () => {
    expect(ruleOf(() => order().changeAttributes('NOPE', { sku: 'X', title: 'x', attributes: {} }, context()))).toBe(
      'order-desk.item-not-on-order',
    );
  });
});

describe('Order.cancel', () => {
  it('not printed, paid: voided, refund of the total, red remark', () => {
    const o = order(FulfilmentStage.FULFILMENT_STAGE_PAID);
    const decision = o.cancel(context());
    expect(decision).toMatchObject({ voided: true, refund: { amountMinor: 1999, currency: 'CNY' }, tasks: [] });
    expect(o.cancelledAt).toEqual(at);
    expect(decision.remark.text).toBe('客户要求取消订单，订单已作废，退款交由售后处理---2026.11.22 张三');
    expect(decision.change.kind).toBe(ChangeKind.CHANGE_KIND_CANCELLATION);
  });

  it('unpaid: voided, nothing to refund', () => {
    expect(order().cancel(context())).toMatchObject({ voided: true, refund: undefined });
  });

  it('cancel of a packed order returns the parcel to stock and opens a refund case', () => {
    const decision = order(FulfilmentStage.FULFILMENT_STAGE_PACKED).cancel(context());
    expect(decision.voided).toBe(false);
    expect(decision.refund).toEqual({ amountMinor: 1999, currency: 'CNY' });
    expect(decision.tasks.map((t) => t.kind)).toEqual([
      DeskTaskKind.DESK_TASK_KIND_RETRIEVE_PARCEL,
      DeskTaskKind.DESK_TASK_KIND_RESTOCK,
    ]);
  });

  it('a cancelled order cannot be changed or cancelled again', () => {
    const o = order(FulfilmentStage.FULFILMENT_STAGE_PAID);
    o.cancel(context());
    expect(ruleOf(() => o.changeAddress(newAddress, context()))).toBe('order-desk.cancelled-order-cannot-change');
    expect(ruleOf(() => o.cancel(context()))).toBe('order-desk.cancelled-order-cannot-change');
  });
});

describe('special requests and the sales-attribution flag', () => {
  it('an invoice request is a red remark 客户要求开发票，发票抬头：… and a printing-desk task', () => {
    const o = order(FulfilmentStage.FULFILMENT_STAGE_PAID);
    const decision = o.recordSpecialRequest(
      { kind: SpecialRequestKind.SPECIAL_REQUEST_KIND_INVOICE, detail: '杭州某某科技有限公司' },
      context(),
    );
    expect(decision.remark.text).toBe('客户要求开发票，发票抬头：杭州某某科技有限公司---2026.11.22 张三');
    expect(decision.remark.flag).toBe(RemarkFlag.REMARK_FLAG_RED);
    expect(decision.tasks.map((t) => t.kind)).toEqual([DeskTaskKind.DESK_TASK_KIND_SPECIAL_REQUEST]);
    expect(decision.change.specialRequest?.detail).toBe('杭州某某科技有限公司');
  });

  it('the sale is attributed with a blue flag (小蓝旗), once per order', () => {
    const o = order(FulfilmentStage.FULFILMENT_STAGE_PAID);
    const seller = { agentId: 's-1', name: '王五' };
    const remark = o.attributeSale(seller, seller, at, 'Asia/Shanghai');
    expect(remark).toMatchObject({
      flag: RemarkFlag.REMARK_FLAG_BLUE,
      kind: RemarkKind.REMARK_KIND_SALES_ATTRIBUTION,
      text: '销售：王五---2026.11.22 王五',
      after: 's-1',
    });
    // Marked again for the same seller, by anyone: nothing changes.
    expect(o.attributeSale(seller, agent, at, 'Asia/Shanghai')).toBeUndefined();
    expect(ruleOf(() => o.attributeSale(agent, agent, at, 'Asia/Shanghai'))).toBe('order-desk.sale-already-attributed');
    expect(o.remarks).toHaveLength(1);
  });

  it('a sale credited by someone else is signed by them, and names the seller', () => {
    const o = order(FulfilmentStage.FULFILMENT_STAGE_PAID);
    const remark = o.attributeSale({ agentId: 's-1', name: '王五' }, agent, at, 'Asia/Shanghai');
    expect(remark).toMatchObject({ text: '销售：王五---2026.11.22 张三', author: agent, after: 's-1' });
  });
});

describe('Order.changeAttributes: one line per SKU', () => {
  const twoLines = () => {
    const o = order(FulfilmentStage.FULFILMENT_STAGE_PAID);
    o.items = [...o.items, { ...o.items[0]!, sku: 'MUG-BLUE', title: '蓝色马克杯' }];
    return o;
  };

  it('refuses a change that would leave two lines with the same SKU, naming the rule', () => {
    const o = twoLines();
    expect(ruleOf(() => o.changeAttributes('MUG-RED', blueMug, context()))).toBe(DUPLICATE_SKU_RULE);
    expect(o.items.map((i) => i.sku)).toEqual(['MUG-RED', 'MUG-BLUE']);
    expect(o.remarks).toEqual([]);
  });

  it('the wanted colour and size go onto the line and into the remark', () => {
    const o = order(FulfilmentStage.FULFILMENT_STAGE_PRINTED);
    const wanted = { sku: 'MUG-BLUE-L', title: '蓝色马克杯', attributes: { 颜色: '蓝色', 尺码: 'L' } };
    const decision = o.changeAttributes('MUG-RED', wanted, context());
    expect(o.items[0]).toMatchObject({ sku: 'MUG-BLUE-L', attributes: { 颜色: '蓝色', 尺码: 'L' } });
    expect(decision.remark.text).toBe(
      '客户拍下红色马克杯(MUG-RED)，要求修改成蓝色马克杯(MUG-BLUE-L；颜色:蓝色，尺码:L)，已修改妥当---2026.11.22 张三',
    );
    expect(decision.tasks[1]?.newItems?.[0]?.attributes).toEqual({ 颜色: '蓝色', 尺码: 'L' });
  });
});
